import zoneinfo
from collections.abc import Callable

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
