"""The site's URLs, plus two that fail on purpose, for tests/pages/test_error_pages.py."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from intimacy.urls import handler500, urlpatterns  # noqa: F401 (Django reads handler500 here)


def _forbidden(request):
    raise PermissionDenied


def _broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("test-forbidden/", _forbidden),
    path("test-broken/", _broken),
    *urlpatterns,
]
