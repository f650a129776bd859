from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from checkins.models import Submission
from checkins.selectors import schedule_for_person
from content.selectors import local_resources_text
from couples.selectors import active_couple_for, partner_of, pending_invitation_for


def home(request: HttpRequest) -> HttpResponse:
    context = {}
    if request.user.is_authenticated:
        couple = active_couple_for(request.user)
        partner = partner_of(couple=couple, user=request.user) if couple else None
        context["partner"] = partner
        context["partner_name"] = partner.profile.display_name if partner else None
        # "Welcome back" is for someone who has been here before, not a brand-new account.
        has_checked_in = Submission.objects.filter(person=request.user).exists()
        context["has_checked_in"] = has_checked_in
        if not has_checked_in:
            # The three first steps: a partner (or a journal), a time, the first check-in now.
            context["invited"] = not couple and pending_invitation_for(request.user) is not None
            context["schedule"] = schedule_for_person(request.user)
    return render(request, "pages/home.html", context)


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/privacy.html",
        {
            "security_log_retention_days": settings.SECURITY_LOG_RETENTION_DAYS,
            "invitation_address_retention_days": settings.INVITATION_ADDRESS_RETENTION_DAYS,
            "local_resources": local_resources_text(),
        },
    )


@never_cache
@login_required
def signed_in(request: HttpRequest) -> HttpResponse:
    """A tiny page that only says the visitor is signed in: the load test's ceiling (what a
    signed-in request costs before any page's own work), and a check for scripts. It names
    nobody."""
    return render(request, "pages/signed_in.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check: in the site's layout and plain words (Django's own view
    renders without the request, so the layout would not know who is logged in)."""
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page: standalone, from settings alone, since the database, a context processor or
    the code behind them may be what failed."""
    context = {"site_name": settings.SITE_NAME, "quick_exit_url": settings.QUICK_EXIT_URL}
    return HttpResponseServerError(loader.get_template("500.html").render(context))


# The installed app's colours: the page's own background (--color-bg in static/css/site.css),
# which is also the header's, so the splash screen and the phone's bar look like the page.
APP_BACKGROUND = "#faf7f2"
APP_ICONS = [
    ("icons/icon-192.png", "192x192", "any"),
    ("icons/icon-512.png", "512x512", "any"),
    ("icons/icon-maskable-512.png", "512x512", "maskable"),
    ("apple-touch-icon.png", "180x180", "any"),
]
# Served at the root by service_worker below, so that it may control the whole site.
SERVICE_WORKER = "js/service-worker.js"


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest. Installed, the app is called SITE_NAME and shows a plain tick on
    the page's colours: nothing on a home screen says what it is for. It opens on the home
    page, which leads on to the check-in (or to log-in)."""
    home = reverse("home")
    data = {
        "id": home,
        "name": settings.SITE_NAME,
        "short_name": settings.SITE_NAME,
        "lang": translation.get_language() or settings.LANGUAGE_CODE,
        "start_url": home,
        "scope": home,
        "display": "standalone",
        "background_color": APP_BACKGROUND,
        "theme_color": APP_BACKGROUND,
        "icons": [
            {"src": static(path), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for path, sizes, purpose in APP_ICONS
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    # Its icons' names change with each deploy (hashed static files): always ask again.
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """static/js/service-worker.js, served at /sw.js: a worker's scope can reach no higher than
    its own folder, and this one must answer for the whole site to show the offline page.

    A last comment names the static files' version (the hash of collectstatic's manifest), so
    that a deploy that changes them changes the worker's bytes: browsers then install it again
    and it stores the new offline page and the files that page uses."""
    source = Path(finders.find(SERVICE_WORKER)).read_text()
    version = getattr(staticfiles_storage, "manifest_hash", "") or "development"
    response = HttpResponse(
        f"{source}\n// Static files: {version}\n", content_type="text/javascript; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    """What the service worker shows when a page cannot be reached. It fetches this page
    without cookies, so the copy it keeps is the one everybody gets and names nobody."""
    return render(request, "pages/offline.html")
