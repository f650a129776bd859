from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from intimacy.mail import send_templated_email

from . import selectors, services
from .forms import InvitationForm, InvitationResponseForm

# The raw token is never stored: it is shown once, right after creation, from the session.
NEW_TOKEN_SESSION_KEY = "couples.new_invitation_token"  # noqa: S105 (a key name)


def _invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("invitation_respond", args=[token])


@login_required
def partner(request: HttpRequest) -> HttpResponse:
    new_token = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    overview = selectors.partner_overview(request.user)
    return render(
        request,
        "couples/partner.html",
        {
            "overview": overview,
            "form": InvitationForm(),
            "new_link": _invitation_url(new_token)
            if new_token and overview.pending_invitation
            else None,
        },
    )


@login_required
@require_POST
def invitation_create(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST)
    if not form.is_valid():
        overview = selectors.partner_overview(request.user)
        return render(
            request, "couples/partner.html", {"overview": overview, "form": form}, status=400
        )
    try:
        created = services.invitation_create(
            inviter=request.user, sent_to_email=form.cleaned_data["email"]
        )
    except services.PartnerError as error:
        messages.error(request, error.message)
        return redirect("partner")
    request.session[NEW_TOKEN_SESSION_KEY] = created.token
    if created.invitation.sent_to_email:
        send_templated_email(
            template="invitation",
            to=[created.invitation.sent_to_email],
            context={
                "inviter_name": request.user.profile.display_name,
                "link": _invitation_url(created.token),
                "expires_at": created.invitation.expires_at,
            },
        )
        messages.success(request, "The invitation is on its way. You can also share the link.")
    else:
        messages.success(request, "Your invitation link is ready. Share it with your partner.")
    return redirect("partner")


@login_required
@require_POST
def invitation_revoke(request: HttpRequest) -> HttpResponse:
    if services.invitation_revoke(inviter=request.user):
        messages.success(request, "Your invitation link no longer works.")
    return redirect("partner")


def invitation_respond(request: HttpRequest, token: str) -> HttpResponse:
    if not request.user.is_authenticated:
        # Who sent it is shown only after log-in: a link seen over someone's shoulder or
        # forwarded by mistake reveals nothing about the person who made it.
        return render(request, "couples/invitation_anonymous.html", {"next": request.path})

    invitation = selectors.invitation_by_token(token)
    if request.method == "POST":
        form = InvitationResponseForm(request.POST)
        if form.is_valid():
            try:
                if form.cleaned_data["action"] == "accept":
                    services.invitation_accept(token=token, user=request.user)
                    messages.success(request, "You are now linked as partners.")
                else:
                    services.invitation_decline(token=token, user=request.user)
                    messages.success(request, "You declined the invitation.")
                return redirect("partner")
            except services.PartnerError as error:
                messages.error(request, error.message)
                return redirect("invitation_respond", token=token)

    status = services.invitation_effective_status(invitation) if invitation else None
    return render(
        request,
        "couples/invitation.html",
        {
            "invitation": invitation,
            "is_open": status == "pending",
            "unavailable_message": services.UNAVAILABLE_MESSAGES.get(status)
            if invitation
            else "This invitation link is not valid. Check that it is complete.",
            "is_own": invitation is not None and invitation.inviter_id == request.user.pk,
            "already_linked": selectors.active_couple_for(request.user) is not None,
        },
    )


@login_required
def unlink(request: HttpRequest) -> HttpResponse:
    overview = selectors.partner_overview(request.user)
    if overview.couple is None:
        return redirect("partner")
    if request.method == "POST":
        services.couple_end_for_user(user=request.user)
        messages.success(request, "You are no longer linked. Nothing new is shared from now on.")
        return redirect("partner")
    return render(request, "couples/unlink.html", {"overview": overview})
