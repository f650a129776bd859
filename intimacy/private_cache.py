"""Rendered private pages, kept in the cache under a stamp and encrypted.

A check-in page or a dashboard is private to one person, and rendering it is most of what a
request for it costs; a second look, a reload or the other device asks for the same HTML
again. Each view reads a few facts in one cheap query and names those its HTML depends on (a
round's revision, the couple's status, the time zone, ...) as the stamp; the content library's
version and the layout's own input (staff or not) are always part of it. An entry whose stamp
differs is rendered again, so nothing is served that a fresh render would not show. What is
stored is encrypted with the note keys (it can hold notes and scores, and the cache is not
where they may rest in the clear) and expires after PRIVATE_PAGE_CACHE_SECONDS whatever
happens (0, the default without Redis, stores nothing). When the cache cannot be reached, the
page is rendered as if nothing were cached.

The CSRF token is not stored: pages are rendered with a placeholder that each response
replaces with its own token.
"""

import logging
from collections.abc import Callable

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac

from checkins.encryption import note_cipher
from content.version import CONTENT_VERSION_KEY, content_version

logger = logging.getLogger(__name__)

KEY_PREFIX = "private-page"


def csrf_placeholder() -> str:
    """What a stored page holds where the CSRF token goes: letters and digits only, so escaping
    leaves it alone, and derived from SECRET_KEY, so nobody can type it into a note."""
    return "csrf" + salted_hmac("private-page-csrf", "placeholder").hexdigest()[:28]


def _seal(stamp: str, html: str) -> bytes:
    return note_cipher().encrypt(f"{stamp}\n{html}".encode())


def _open(entry: bytes, stamp: str) -> str | None:
    try:
        stored_stamp, _, html = note_cipher().decrypt(entry).decode().partition("\n")
    except InvalidToken:  # written under a key that has since been removed
        return None
    return html if stored_stamp == stamp else None


def _with_csrf_token(request: HttpRequest, html: str, placeholder: str) -> str:
    return html.replace(placeholder, get_token(request))


def _cached_html(*, key: str, stamp: tuple, render: Callable[[], str]) -> str:
    cache_key = f"{KEY_PREFIX}:{key}"
    try:
        found = cache.get_many([cache_key, CONTENT_VERSION_KEY])
        version = found.get(CONTENT_VERSION_KEY) or content_version()
    except Exception:  # the cache is down: serve the page, uncached
        logger.warning("Private page cache unavailable; rendering without it.", exc_info=True)
        return render()
    stamp_text = "|".join(str(part) for part in (*stamp, version))
    entry = found.get(cache_key)
    html = _open(entry, stamp_text) if entry is not None else None
    if html is None:
        html = render()
        try:
            cache.set(cache_key, _seal(stamp_text, html), settings.PRIVATE_PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("Private page cache unavailable; page not stored.", exc_info=True)
    return html


def private_page(
    request: HttpRequest,
    template_name: str,
    context: Callable[[], dict],
    *,
    key: str,
    stamp: tuple,
) -> HttpResponse:
    """`render(request, template_name, context())`, from the cache when it was rendered under
    the same stamp for the same person. `key` names the page and its person; `stamp` lists
    what its HTML depends on besides the content library and the layout's own inputs.

    A page with messages to show (they are in the layout, once) is rendered afresh and not
    stored; so is every page when PRIVATE_PAGE_CACHE_SECONDS is 0.
    """
    if settings.PRIVATE_PAGE_CACHE_SECONDS <= 0 or len(get_messages(request)):
        return render(request, template_name, context())
    placeholder = csrf_placeholder()
    html = _cached_html(
        key=key,
        # The layout shows the admin link to staff only; a new SECRET_KEY makes a new
        # placeholder, which pages stored before must not carry.
        stamp=(*stamp, request.user.is_staff, placeholder),
        render=lambda: render_to_string(
            template_name, {**context(), "csrf_token": placeholder}, request=request
        ),
    )
    return HttpResponse(_with_csrf_token(request, html, placeholder))
