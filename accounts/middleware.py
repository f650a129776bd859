import hashlib
import time
import zoneinfo
from collections.abc import Callable
from datetime import UTC, datetime

from allauth.account.adapter import get_adapter
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext

from security.sessions import SIGNED_IN_AT_SESSION_KEY, session_signed_in_at

# How often a signed-in session's "last seen" is written, at most.
USERSESSION_SEEN_EVERY = 60  # seconds


class ThrottledUserSessionsMiddleware:
    """allauth's session tracking (the sessions page: where you are signed in, last seen),
    written at most once a minute per session, and at once when the IP address or browser
    changes (so allauth's session_client_changed signal still fires).

    allauth's own middleware writes on every request: a transaction of three queries that
    cost every page, the smallest included, a good share of its time (docs/performance.md).
    The marker in the cache holds only a hash of the session key, address and browser.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.USERSESSIONS_TRACK_ACTIVITY
            and hasattr(request, "session")
            and request.session.session_key
            and request.user.is_authenticated
        ):
            client = "\0".join(
                (
                    request.session.session_key,
                    get_adapter().get_client_ip(request),
                    request.META.get("HTTP_USER_AGENT", ""),
                )
            )
            marker = "usersession-seen:" + hashlib.sha256(client.encode()).hexdigest()
            if cache.add(marker, 1, timeout=USERSESSION_SEEN_EVERY):
                UserSession.objects.create_from_request(request)
        return self.get_response(request)


class TimeZoneMiddleware:
    """Show every date in the signed-in person's own zone; everything is stored in UTC."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
        try:
            timezone.activate(zoneinfo.ZoneInfo(profile.time_zone if profile else "UTC"))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.activate(zoneinfo.ZoneInfo("UTC"))
        return self.get_response(request)


class LanguageMiddleware:
    """A signed-in person reads every page in their profile's language, whatever the browser
    asks for (LocaleMiddleware's Accept-Language match serves everyone else)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
        if profile is not None and profile.language in dict(settings.LANGUAGES):
            translation.activate(profile.language)
            request.LANGUAGE_CODE = profile.language
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Pages for a signed-in person are never stored by the browser or a proxy: on a shared
    phone, the back button or a cache must not bring them back after log-out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class ClearSiteDataOnLogoutMiddleware:
    """After log-out, ask the browser to drop this site's cache, cookies and storage, so that
    nothing of the session lingers on a shared device."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method == "POST"
            and request.path == reverse("account_logout")
            and response.status_code in (301, 302, 303)
        ):
            response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response


class SessionLifetimeMiddleware:
    """End a log-in SESSION_LIFETIME_DAYS after it began, however active it has been since.

    Django's own expiry slides forward each time the session is saved. Here the session is given
    a fixed end date (so the server forgets it, and the browser drops the cookie, on time), and
    a request after that date is logged out. Sessions that end when the browser closes keep
    Django's sliding server-side expiry; the request check and the nightly prune cover them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session = request.session
            now = time.time()
            signed_in_at = session_signed_in_at(session)
            if signed_in_at is None:
                signed_in_at = now
            if session.get(SIGNED_IN_AT_SESSION_KEY) != signed_in_at:
                session[SIGNED_IN_AT_SESSION_KEY] = signed_in_at
            ends_at = signed_in_at + settings.SESSION_COOKIE_AGE
            if now >= ends_at:
                # In the person's own language: LanguageMiddleware has not run yet.
                language = getattr(getattr(request.user, "profile", None), "language", None)
                logout(request)
                with translation.override(language or translation.get_language()):
                    messages.info(
                        request, gettext("You were logged out because your session ended.")
                    )
                return redirect_to_login(request.get_full_path())
            # A number (allauth's "remember me") or nothing means a sliding expiry; 0 means
            # "until the browser closes", which a fixed date would undo.
            expiry = session.get("_session_expiry")
            if expiry != 0 and not isinstance(expiry, str):  # a fixed date is stored as text
                session.set_expiry(datetime.fromtimestamp(ends_at, tz=UTC))
        return self.get_response(request)
