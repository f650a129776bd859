from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from couples.models import hash_token
from couples.selectors import active_couple_for
from security.show_once import secret_forget, secret_handed_over, secret_to_show
from security.token_pages import token_page_allowed, token_page_private, token_page_too_many

from . import pdf, selectors, services
from .models import PERIODS, ShareLink

# Counted like allauth's own limits (ACCOUNT_RATE_LIMITS["summary_link"]), in the cache.
LINK_RATE_ACTION = "summary_link"
PDF_RATE_ACTION = "summary_pdf"
# The raw token is never stored on the server: shown once (security.show_once).
NEW_LINK_COOKIE = "new_summary_link"


def _int_param(request: HttpRequest, name: str, allowed) -> int | None:
    try:
        value = int(request.POST.get(name, ""))
    except ValueError:
        return None
    return value if value in allowed else None


@never_cache
@login_required
@require_safe
def summaries_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "summaries/index.html",
        {
            "summaries": selectors.summaries_for(request.user),
            "couple": active_couple_for(request.user),
            "periods": PERIODS,
        },
    )


@login_required
@require_POST
def summary_new(request: HttpRequest) -> HttpResponse:
    weeks = _int_param(request, "weeks", PERIODS)
    couple = active_couple_for(request.user)
    if weeks is None or couple is None:
        messages.error(request, gettext("Choose 4, 8 or 12 weeks."))
        return redirect("summaries")
    summary = services.summary_propose(person=request.user, couple=couple, weeks=weeks)
    messages.success(
        request,
        gettext(
            "Your summary is ready. It shows your own shared answers until your partner agrees."
        ),
    )
    return redirect("summary_detail", summary_code=summary.code)


def _share_url(token: str) -> str:
    return settings.SITE_URL + reverse("summary_shared", args=[token])


@never_cache
@login_required
@require_safe
def summary_detail(request: HttpRequest, summary_code: str) -> HttpResponse:
    summary = selectors.get_summary_for_user(request.user, summary_code)
    content = selectors.summary_content(summary, viewer=request.user)
    links = selectors.live_share_links(summary)
    token = secret_handed_over(request, name=NEW_LINK_COOKIE)
    new_link = None
    if token and any(link.token_hash == hash_token(token) for link in links):
        new_link = _share_url(token)
    response = render(
        request,
        "summaries/detail.html",
        {
            "summary": summary,
            "content": content,
            "is_proposer": summary.proposed_by_id == request.user.pk,
            "links": links,
            "link_days": services.SHARE_LINK_DAYS,
            "new_link": new_link,
        },
    )
    secret_forget(response, name=NEW_LINK_COOKIE, page=request.path)
    return response


@never_cache
@login_required
@require_safe
def summary_pdf(request: HttpRequest, summary_code: str) -> HttpResponse:
    """The same summary, as the person sees it, as a PDF file (summaries.pdf)."""
    summary = selectors.get_summary_for_user(request.user, summary_code)
    # About a second of the server's time each: a few a minute is plenty for a person.
    if not token_page_allowed(request, action=PDF_RATE_ACTION):
        return token_page_too_many()
    content = selectors.summary_content(summary, viewer=request.user)
    response = HttpResponse(pdf.summary_pdf(content), content_type="application/pdf")
    # A bland name: a download folder says nothing about what it is.
    response["Content-Disposition"] = f'attachment; filename="summary-{summary.last_week}.pdf"'
    return response


@login_required
@require_POST
def summary_accept(request: HttpRequest, summary_code: str) -> HttpResponse:
    summary = selectors.get_summary_for_user(request.user, summary_code)
    if services.summary_accept(summary=summary, person=request.user):
        messages.success(request, gettext("Thank you. The summary now shows what you both shared."))
    return redirect("summary_detail", summary_code=summary.code)


@login_required
@require_POST
def summary_decline(request: HttpRequest, summary_code: str) -> HttpResponse:
    summary = selectors.get_summary_for_user(request.user, summary_code)
    if services.summary_decline(summary=summary, person=request.user):
        messages.success(request, gettext("Declined. Nothing of yours is in this summary."))
    return redirect("summary_detail", summary_code=summary.code)


@login_required
@require_POST
def summary_withdraw(request: HttpRequest, summary_code: str) -> HttpResponse:
    summary = selectors.get_summary_for_user(request.user, summary_code)
    services.summary_withdraw(summary=summary, person=request.user)
    messages.success(request, gettext("The summary and any links to it are gone."))
    return redirect("summaries")


@login_required
@require_POST
def share_link_new(request: HttpRequest, summary_code: str) -> HttpResponse:
    summary = selectors.get_summary_for_user(request.user, summary_code)
    days = _int_param(request, "days", services.SHARE_LINK_DAYS)
    if days is None:
        messages.error(request, gettext("Choose how long the link works."))
        return redirect("summary_detail", summary_code=summary.code)
    try:
        new = services.share_link_create(summary=summary, person=request.user, days=days)
    except services.SummaryRefused:
        messages.error(request, gettext("A link can only be made once you have both agreed."))
        return redirect("summary_detail", summary_code=summary.code)
    response = redirect("summary_detail", summary_code=summary.code)
    secret_to_show(
        response,
        request,
        name=NEW_LINK_COOKIE,
        secret=new.token,
        page=reverse("summary_detail", args=[summary.code]),
    )
    return response


@login_required
@require_POST
def share_link_revoke(request: HttpRequest, summary_code: str, link_id: int) -> HttpResponse:
    summary = selectors.get_summary_for_user(request.user, summary_code)
    link = get_object_or_404(ShareLink, pk=link_id, summary=summary)
    if services.share_link_revoke(link=link, person=request.user):
        messages.success(request, gettext("That link no longer works."))
    return redirect("summary_detail", summary_code=summary.code)


# No log-in: the person it is for has no account. The random token is the credential.
@require_safe
def summary_shared(request: HttpRequest, token: str) -> HttpResponse:
    if not token_page_allowed(request, action=LINK_RATE_ACTION, key=hash_token(token)):
        return token_page_too_many()
    link = selectors.share_link_for_token(token)
    if link is None:
        # The same answer for a link expired, revoked, withdrawn or never made.
        response = render(request, "summaries/shared_gone.html", status=404)
        return token_page_private(response)
    services.share_link_opened(request=request, link=link)
    content = selectors.summary_content(link.summary)
    response = render(
        request,
        "summaries/shared.html",
        {"summary": link.summary, "content": content, "expires_at": link.expires_at},
    )
    return token_page_private(response)
