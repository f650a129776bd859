"""The one way this project sends email: a subject, a plain-text and an HTML template per message.

Templates live in templates/emails/<name>-subject.txt, -body.txt and -body.html. Emails carry
links and account matters only; never answers, notes or scores (see docs/decisions.md).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_email(
    *,
    template: str,
    to: list[str],
    context: dict,
    headers: dict[str, str] | None = None,
    language: str | None = None,
) -> None:
    """`language`: the reader's (their Profile.language), for an email sent outside their own
    request, such as a reminder from a worker; by default the active language."""
    if language:
        with translation.override(language):
            return send_templated_email(template=template, to=to, context=context, headers=headers)
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
