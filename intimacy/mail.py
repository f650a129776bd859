"""The one way this project sends email: a subject, a plain-text and an HTML template per message.

Templates live in templates/emails/<name>-subject.txt, -body.txt and -body.html. Emails carry
links and account matters only; never answers, notes or scores (see docs/decisions.md).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_templated_email(
    *,
    template: str,
    to: list[str],
    context: dict,
    headers: dict[str, str] | None = None,
) -> None:
    """In the active language: a worker sending to a person activates theirs around the call
    (translation.override(profile.language)), as reminders.services does."""
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"emails/{template}-subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=" ".join(subject.splitlines()),
        body=render_to_string(f"emails/{template}-body.txt", context),
        to=to,
        headers=headers or {},
    )
    message.attach_alternative(
        render_to_string(f"emails/{template}-body.html", context), "text/html"
    )
    message.send()
