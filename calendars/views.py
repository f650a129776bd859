from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from couples.models import hash_token
from security.show_once import secret_forget, secret_handed_over, secret_to_show
from security.token_pages import token_page_allowed, token_page_private, token_page_too_many

from . import selectors, services
from .forms import CalendarTitleForm
from .ical import calendar_feed_ical
from .models import DEFAULT_TITLE

# Counted like allauth's own limits (ACCOUNT_RATE_LIMITS["calendar_feed"]), in the cache.
FEED_RATE_ACTION = "calendar_feed"

# As with invitation links, the raw token is never stored on the server: shown once
# (security.show_once).
NEW_ADDRESS_COOKIE = "new_calendar_address"


def _feed_url(token: str) -> str:
    return settings.SITE_URL + reverse("calendar_feed", args=[token])


def _webcal(url: str) -> str:
    """The same address for the link that opens the device's calendar app to subscribe."""
    return "webcal://" + url.split("://", 1)[1]


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request: HttpRequest) -> HttpResponse:
    feed = selectors.calendar_feed_of(request.user)
    if request.method == "POST":
        form = CalendarTitleForm(request.POST)
        if form.is_valid():
            services.calendar_feed_title_set(person=request.user, title=form.cleaned_data["title"])
            messages.success(
                request, _("Saved. Your calendar shows the new name when it next looks.")
            )
            return redirect("calendar_settings")
        return render(request, "calendars/settings.html", {"feed": feed, "form": form}, status=400)
    token = secret_handed_over(request, name=NEW_ADDRESS_COOKIE)
    # Only the current address: not one made before a newer one, or before turning it off.
    current = token and feed is not None and feed.token_hash == hash_token(token)
    new_address = _feed_url(token) if current else None
    response = render(
        request,
        "calendars/settings.html",
        {
            "feed": feed,
            "form": CalendarTitleForm(initial={"title": feed.title if feed else DEFAULT_TITLE}),
            "new_address": new_address,
            "new_address_webcal": _webcal(new_address) if new_address else None,
        },
    )
    secret_forget(response, name=NEW_ADDRESS_COOKIE, page=reverse("calendar_settings"))
    return response


@login_required
@require_POST
def calendar_address_new(request: HttpRequest) -> HttpResponse:
    had_one = (feed := selectors.calendar_feed_of(request.user)) is not None and feed.is_on
    token = services.calendar_feed_address_new(person=request.user)
    messages.success(
        request,
        _("Your new calendar address is ready. The old one no longer works.")
        if had_one
        else _("Your calendar address is ready."),
    )
    response = redirect("calendar_settings")
    secret_to_show(
        response, request, name=NEW_ADDRESS_COOKIE, secret=token, page=reverse("calendar_settings")
    )
    return response


@login_required
@require_POST
def calendar_turn_off(request: HttpRequest) -> HttpResponse:
    if services.calendar_feed_turn_off(person=request.user):
        messages.success(
            request,
            _(
                "Your calendar address no longer works. Your calendar app keeps what it already "
                "shows until you remove the subscription there."
            ),
        )
    return redirect("calendar_settings")


# No log-in: calendar apps cannot log in. The random token is the credential.
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    if not token_page_allowed(request, action=FEED_RATE_ACTION, key=hash_token(token)):
        return token_page_too_many()
    feed = selectors.calendar_feed_for_token(token)
    if feed is None:
        # The same answer for an address turned off, replaced or never made.
        return token_page_private(
            HttpResponse(
                _("Not found.") + "\n", status=404, content_type="text/plain; charset=utf-8"
            )
        )
    now = timezone.now()
    body = calendar_feed_ical(
        person_id=feed.person_id,
        time_zone=feed.person.profile.time_zone,
        title=feed.title,
        events=selectors.calendar_feed_events(feed.person, now=now),
        now=now,
    )
    return token_page_private(HttpResponse(body, content_type="text/calendar; charset=utf-8"))
