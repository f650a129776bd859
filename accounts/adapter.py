from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import filter_users_by_email
from allauth.core.internal import ratelimit
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from security.models import SecurityEvent
from security.services import security_event_record

from .services import profile_update_from_sign_up

# See ACCOUNT_RATE_LIMITS in settings.
REAUTHENTICATION_FAILED_RATE_ACTION = "reauthentication_failed"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # A self-hosted instance for one couple or a few friends can close its sign-up page.
        return settings.SIGNUP_OPEN

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            profile_update_from_sign_up(
                user=user,
                display_name=form.cleaned_data["display_name"],
                time_zone=form.cleaned_data.get("time_zone", ""),
                # What LocaleMiddleware picked for this request from Accept-Language (or the
                # footer's language switch).
                language=translation.get_language(),
            )
        return user

    # allauth's emails would name the host the request came in on (its "site" is the request's
    # host when django.contrib.sites is not installed). They say SITE_NAME instead, and their
    # links go to SITE_URL, like the reminder and invitation emails (templates/account/email/).
    #
    # Each email is in its reader's language: the account's (a password reset asked for from
    # another browser comes in the owner's language), else the page's that sent it.
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
        with translation.override(self._language_of(email, context.get("user"))):
            super().send_mail(template_prefix, email, context)

    def _language_of(self, email: str, user) -> str:
        if user is None or getattr(user, "pk", None) is None:
            user = next(iter(filter_users_by_email(email, prefer_verified=True)[:1]), None)
        profile = getattr(user, "profile", None) if user is not None else None
        language = getattr(profile, "language", None)
        return language if language in dict(settings.LANGUAGES) else translation.get_language()

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.SITE_NAME}] {subject}"

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation) -> str:
        url = super().get_email_confirmation_url(request, emailconfirmation)
        return settings.SITE_URL + urlsplit(url).path

    def get_reset_password_from_key_url(self, key: str) -> str:
        return settings.SITE_URL + urlsplit(super().get_reset_password_from_key_url(key)).path

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        if request.user.is_authenticated:
            # Entering the password again (before unlinking, deleting, exporting): counted for
            # this person's own session only. Counted per address, as log-ins are, someone on the
            # same home network could block the owner from unlinking or deleting their account.
            self._login_failed_rl_usage = ratelimit.consume(
                request,
                app="allauth.account",
                action=REAUTHENTICATION_FAILED_RATE_ACTION,
                key=f"{request.user.pk}:{request.session.session_key}",
            )
            if not self._login_failed_rl_usage:
                raise self.validation_error("too_many_login_attempts")
            return
        super().pre_authenticate(request, **credentials)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth counts failed log-ins per account: anyone who knows a person's email could then
        # lock that person out (a partner, say, a few minutes before they mean to check in). Per
        # address *and* account, a guesser only ever slows their own attempts; the per-address
        # limit still caps guessing across accounts.
        account_key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{self.get_client_ip(request)}:{account_key}"

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        super().authentication_failed(request, **credentials)
        email = credentials.get("email", "")
        for user in filter_users_by_email(email, prefer_verified=True)[:1] if email else []:
            # Shown in the owner's own security log only; the page that refused the attempt
            # says the same whether the account exists or not.
            security_event_record(request=request, user=user, kind=SecurityEvent.Kind.LOGIN_FAILED)
