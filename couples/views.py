from allauth.account.decorators import reauthentication_required
from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from security.models import SecurityEvent
from security.services import security_event_record
from security.show_once import secret_forget, secret_handed_over, secret_to_show

from . import selectors, services
from .forms import InvitationForm, InvitationResponseForm
from .models import Invitation

# Counted like allauth's own limits (ACCOUNT_RATE_LIMITS), in the cache: the site's sender
# must not become a way to flood someone's inbox.
INVITE_EMAIL_RATE_ACTION = "invite_email"

# The raw token is never stored on the server: shown once (security.show_once).
NEW_LINK_COOKIE = "new_invitation"


def _invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("invitation_respond", args=[token])


@login_required
def partner(request: HttpRequest) -> HttpResponse:
    new_token = secret_handed_over(request, name=NEW_LINK_COOKIE)
    overview = selectors.partner_overview(request.user)
    response = render(
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
    secret_forget(response, name=NEW_LINK_COOKIE, page=reverse("partner"))
    return response


# The partner's address is someone else's personal data: error reports leave it out.
@sensitive_post_parameters("email")
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
    email = created.invitation.sent_to_email
    if not email:
        messages.success(
            request, gettext("Your invitation link is ready. Share it with your partner.")
        )
    elif not ratelimit.consume(request, action=INVITE_EMAIL_RATE_ACTION, user=request.user):
        messages.warning(
            request, gettext("Too many invitation emails for now. Share the link yourself.")
        )
    elif services.invitation_email_send(
        invitation=created.invitation, link=_invitation_url(created.token)
    ):
        messages.success(
            request, gettext("The invitation is on its way. You can also share the link.")
        )
    else:
        messages.warning(request, gettext("The email could not be sent. Share the link yourself."))
    response = redirect("partner")
    secret_to_show(
        response, request, name=NEW_LINK_COOKIE, secret=created.token, page=reverse("partner")
    )
    return response


@login_required
@require_POST
def invitation_revoke(request: HttpRequest) -> HttpResponse:
    if services.invitation_revoke(inviter=request.user):
        messages.success(request, gettext("Your invitation link no longer works."))
    return redirect("partner")


# Before log-in a link that no longer works says only that: not who made it, nor whether it was
# used, declined, withdrawn or left to expire.
ENDED_LINK_MESSAGE = _(
    "This invitation link has expired or was already used. Ask your partner for a new one."
)
UNKNOWN_LINK_MESSAGE = _(
    "This invitation link is not valid. Check that it is complete, or ask your partner for a "
    "new one."
)


def _unavailable_status(invitation) -> int:
    """404 for a link that never existed, 410 for one that has ended."""
    return 404 if invitation is None else 410


@require_http_methods(["GET", "POST"])
def invitation_respond(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_by_token(token)
    status = invitation.effective_status() if invitation else None
    if not request.user.is_authenticated:
        # Who sent it is shown only after log-in: a link seen over someone's shoulder or
        # forwarded by mistake reveals nothing about the person who made it.
        if status == Invitation.Status.PENDING:
            return render(request, "couples/invitation_anonymous.html", {"next": request.path})
        return render(
            request,
            "couples/invitation_anonymous.html",
            {"unavailable_message": ENDED_LINK_MESSAGE if invitation else UNKNOWN_LINK_MESSAGE},
            status=_unavailable_status(invitation),
        )

    if request.method == "POST":
        form = InvitationResponseForm(request.POST)
        if form.is_valid():
            try:
                if form.cleaned_data["action"] == "accept":
                    couple = services.invitation_accept(token=token, user=request.user)
                    security_event_record(
                        request=request, user=request.user, kind=SecurityEvent.Kind.PARTNER_LINKED
                    )
                    # The inviter's account was linked too; the acceptor's address and browser
                    # are not theirs to see.
                    security_event_record(
                        request=None,
                        user=selectors.partner_of(couple=couple, user=request.user),
                        kind=SecurityEvent.Kind.PARTNER_LINKED,
                    )
                    messages.success(request, gettext("You are now linked as partners."))
                else:
                    services.invitation_decline(token=token, user=request.user)
                    messages.success(request, gettext("You declined the invitation."))
                return redirect("partner")
            except services.PartnerError as error:
                messages.error(request, error.message)
                return redirect("invitation_respond", token=token)

    is_open = status == Invitation.Status.PENDING
    return render(
        request,
        "couples/invitation.html",
        {
            "invitation": invitation,
            "is_open": is_open,
            "unavailable_message": services.UNAVAILABLE_MESSAGES.get(status)
            if invitation
            else UNKNOWN_LINK_MESSAGE,
            "is_own": invitation is not None and invitation.inviter_id == request.user.pk,
            "already_linked": selectors.active_couple_for(request.user) is not None,
        },
        status=200 if is_open else _unavailable_status(invitation),
    )


@login_required
@require_http_methods(["GET", "POST"])
# The password again, so that whoever picks up an unlocked phone cannot end the link (and with it
# what the partner sees) in one tap. Kept for five minutes, like every re-authentication.
@reauthentication_required
def unlink(request: HttpRequest) -> HttpResponse:
    overview = selectors.partner_overview(request.user)
    if overview.couple is None:
        return redirect("partner")
    if request.method == "POST":
        if services.couple_end_for_user(user=request.user):
            security_event_record(
                request=request, user=request.user, kind=SecurityEvent.Kind.PARTNER_UNLINKED
            )
        messages.success(
            request, gettext("You are no longer linked. Nothing new is shared from now on.")
        )
        return redirect("partner")
    return render(request, "couples/unlink.html", {"overview": overview})
