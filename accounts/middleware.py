import time
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control


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


SIGNED_IN_AT_SESSION_KEY = "signed_in_at"


class SessionLifetimeMiddleware:
    """End a log-in SESSION_LIFETIME_DAYS after it began, however active it has been since.

    Django's own expiry slides forward each time the session is saved; this puts a hard limit on
    how long a phone that was signed in once stays signed in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            signed_in_at = request.session.get(SIGNED_IN_AT_SESSION_KEY)
            now = time.time()
            if signed_in_at is None:
                request.session[SIGNED_IN_AT_SESSION_KEY] = now
            elif now - signed_in_at > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(request, "You were logged out because your session ended.")
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
