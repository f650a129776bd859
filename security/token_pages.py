"""Pages opened by a secret in their address, with no log-in (a calendar feed, a therapist's
share link): counted against a rate limit, never cached or indexed, and never written to the
request log, which would print a token that may still work."""

from allauth.core.internal import ratelimit
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 600


def token_page_allowed(request: HttpRequest, *, action: str, key: str | None = None) -> bool:
    """Whether this request is within `action`'s limit in ACCOUNT_RATE_LIMITS, counted per
    `key` (a token's hash) as well as per client. allauth's public consume() never limits a GET;
    its internal one does, and is what the adapter already uses."""
    return ratelimit.consume(request, app="allauth.account", action=action, key=key, limit_get=True)


def token_page_private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response._has_been_logged = True
    return response


def token_page_too_many() -> HttpResponse:
    response = HttpResponse(
        _("Too many requests. Try again later.") + "\n",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return token_page_private(response)
