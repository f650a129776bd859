"""A new secret (an invitation link's token, a calendar address) shown once to the person who
made it, and never stored on the server in the clear: it rides back to their browser in a
short-lived signed cookie, bound to their account and to the one page that shows it, which
deletes the cookie as it shows it."""

from django.http import HttpRequest, HttpResponse

SHOW_FOR_SECONDS = 600


def secret_to_show(
    response: HttpResponse, request: HttpRequest, *, name: str, secret: str, page: str
) -> None:
    """Hand `secret` to the page at path `page`, for the person making this request."""
    response.set_signed_cookie(
        name,
        secret,
        salt=str(request.user.pk),
        max_age=SHOW_FOR_SECONDS,
        path=page,
        secure=request.is_secure(),
        httponly=True,
        samesite="Strict",
    )


def secret_handed_over(request: HttpRequest, *, name: str) -> str | None:
    """The secret handed to this page for this person, if any (forget it with secret_forget)."""
    return request.get_signed_cookie(
        name, default=None, salt=str(request.user.pk), max_age=SHOW_FOR_SECONDS
    )


def secret_forget(response: HttpResponse, *, name: str, page: str) -> None:
    """Shown once: the page's response deletes it."""
    response.delete_cookie(name, path=page)
