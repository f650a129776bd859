"""Requests this site can never serve are refused before any view or query sees them."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.views.defaults import bad_request


class RejectNullCharactersMiddleware:
    """A NUL character in the URL or query string gets a 400, not a 500.

    PostgreSQL refuses NUL in any text it is sent, so a lookup such as a check-in code or an
    admin list filter built from one fails deep in the database driver. Forms already refuse
    NUL with a message on the page (Django's ProhibitNullCharactersValidator), so POST bodies
    are left to them: what a person typed comes back to them with the error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.GET
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in query.getlist(key)) for key in query
        ):
            # No log line: a scanner's probes would only flood it, and the URL is theirs.
            return bad_request(request, exception=None)
        return self.get_response(request)
