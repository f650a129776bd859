"""Linking and unlinking partners. Every write that two views or a view and a task need is here."""

import logging
import secrets
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from intimacy.mail import send_templated_email

from .models import Couple, CoupleMember, Invitation, hash_token
from .signals import couple_ended, couple_linked

logger = logging.getLogger(__name__)

INVITATION_LIFETIME = timedelta(days=7)
# 32 bytes from secrets: 256 bits, far past guessing.
TOKEN_BYTES = 32


class PartnerError(Exception):
    """A rule of linking was not met; the message is written for the person who tried."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvitationUnavailable(PartnerError):
    pass


class AlreadyLinked(PartnerError):
    pass


class OwnInvitation(PartnerError):
    pass


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    token: str


UNAVAILABLE_MESSAGES = {
    Invitation.Status.ACCEPTED: _("This invitation link has already been used."),
    Invitation.Status.DECLINED: _("This invitation link has already been used."),
    Invitation.Status.REVOKED: _("This invitation link was withdrawn by the person who made it."),
    Invitation.Status.EXPIRED: _("This invitation link has expired. Ask for a new one."),
}


def lock_people(*user_ids: int) -> None:
    """Lock these users' rows for the transaction: every write that links, unlinks or deletes
    people takes them first, always in id order, so that such writes serialize per person and
    cannot deadlock."""
    list(
        get_user_model()
        .objects.select_for_update()
        .filter(pk__in=user_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _has_active_couple(user_id: int) -> bool:
    return CoupleMember.objects.filter(user_id=user_id, is_active=True).exists()


def _close_pending_invitations(*, user_ids: list[int], now) -> None:
    pending = Invitation.objects.filter(inviter_id__in=user_ids, status=Invitation.Status.PENDING)
    pending.filter(expires_at__lte=now).update(status=Invitation.Status.EXPIRED)
    pending.update(status=Invitation.Status.REVOKED, responded_at=now)


def invitation_create(*, inviter, sent_to_email: str = "") -> NewInvitation:
    """A new link for `inviter`; any link they made before stops working."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        lock_people(inviter.pk)
        if _has_active_couple(inviter.pk):
            raise AlreadyLinked(
                gettext("You already have a partner. Unlink first to invite someone else.")
            )
        now = timezone.now()
        _close_pending_invitations(user_ids=[inviter.pk], now=now)
        invitation = Invitation.objects.create(
            inviter=inviter,
            token_hash=hash_token(token),
            sent_to_email=sent_to_email,
            created_at=now,
            expires_at=now + INVITATION_LIFETIME,
        )
    logger.info("invitation created invitation_id=%s", invitation.pk)
    return NewInvitation(invitation=invitation, token=token)


def invitation_email_send(*, invitation: Invitation, link: str) -> bool:
    """Email the link to the address its maker gave. Sent in the request, not a task: the
    working token then never sits in the broker. Returns whether the mail went out."""
    try:
        send_templated_email(
            template="invitation",
            to=[invitation.sent_to_email],
            context={"inviter_name": invitation.inviter.profile.display_name, "link": link},
        )
    except (OSError, smtplib.SMTPException) as error:
        # The class name only: an SMTP error message can quote the recipient's address.
        logger.warning(
            "invitation email failed invitation_id=%s error=%s", invitation.pk, type(error).__name__
        )
        return False
    logger.info("invitation emailed invitation_id=%s", invitation.pk)
    return True


def invitation_revoke(*, inviter) -> bool:
    revoked = Invitation.objects.filter(inviter=inviter, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.REVOKED, responded_at=timezone.now()
    )
    return revoked > 0


def _invitation_for_token(token: str) -> Invitation:
    invitation = Invitation.objects.filter(token_hash=hash_token(token)).first()
    if invitation is None:
        raise InvitationUnavailable(
            gettext("This invitation link is not valid. Check that it is complete.")
        )
    return invitation


def _lock_pending_invitation(invitation_id: int) -> Invitation:
    invitation = Invitation.objects.select_for_update().filter(pk=invitation_id).first()
    if invitation is None:  # its maker deleted their account meanwhile
        raise InvitationUnavailable(gettext("This invitation link is not valid any more."))
    status = invitation.effective_status()
    if status != Invitation.Status.PENDING:
        raise InvitationUnavailable(str(UNAVAILABLE_MESSAGES[status]))
    return invitation


def invitation_accept(*, token: str, user) -> Couple:
    """Link the invitation's maker and `user` as partners, or raise PartnerError and change nothing.

    Row locks serialize accepts that involve the same people; the partial unique index on active
    memberships is the last word if anything slips past them.
    """
    found = _invitation_for_token(token)
    if found.inviter_id == user.pk:
        raise OwnInvitation(
            gettext("This is your own invitation. Share the link with your partner.")
        )
    try:
        with transaction.atomic():
            # People first, then the invitation: the same order as invitation_create, so the
            # two cannot deadlock.
            lock_people(found.inviter_id, user.pk)
            invitation = _lock_pending_invitation(found.pk)
            if _has_active_couple(user.pk):
                raise AlreadyLinked(
                    gettext("You already have a partner. Unlink first to accept this.")
                )
            if _has_active_couple(invitation.inviter_id):
                raise AlreadyLinked(
                    gettext("The person who invited you is already linked with someone.")
                )
            now = timezone.now()
            couple = Couple.objects.create(started_at=now)
            CoupleMember.objects.bulk_create(
                [
                    CoupleMember(
                        couple=couple, user_id=invitation.inviter_id, slot=1, joined_at=now
                    ),
                    CoupleMember(couple=couple, user_id=user.pk, slot=2, joined_at=now),
                ]
            )
            invitation.status = Invitation.Status.ACCEPTED
            invitation.responded_at = now
            invitation.responded_by = user
            invitation.couple = couple
            invitation.save(update_fields=["status", "responded_at", "responded_by", "couple"])
            # Neither partner's other links should stay open once they are linked.
            _close_pending_invitations(user_ids=[user.pk], now=now)
            couple_linked.send(sender=Couple, couple=couple, accepted_by=user)
    except IntegrityError as error:
        raise AlreadyLinked(gettext("One of you is already linked with someone.")) from error
    logger.info("couple linked couple_id=%s invitation_id=%s", couple.pk, invitation.pk)
    return couple


def invitation_decline(*, token: str, user) -> None:
    found = _invitation_for_token(token)
    if found.inviter_id == user.pk:
        raise OwnInvitation(gettext("This is your own invitation. You can withdraw it instead."))
    with transaction.atomic():
        invitation = _lock_pending_invitation(found.pk)
        invitation.status = Invitation.Status.DECLINED
        invitation.responded_at = timezone.now()
        invitation.responded_by = user
        invitation.save(update_fields=["status", "responded_at", "responded_by"])
    logger.info("invitation declined invitation_id=%s", invitation.pk)


def couple_end_for_user(*, user) -> Couple | None:
    """End `user`'s active couple at once, on their word alone. Returns the ended couple.

    The couple row is claimed with a conditional update: when both partners unlink at the same
    moment, one ends it and the other finds it already ended, with no lock cycle between them.
    """
    membership = CoupleMember.objects.filter(user=user, is_active=True).first()
    if membership is None:
        return None
    now = timezone.now()
    with transaction.atomic():
        claimed = Couple.objects.filter(
            pk=membership.couple_id, status=Couple.Status.ACTIVE
        ).update(status=Couple.Status.ENDED, ended_at=now)
        if claimed != 1:
            return None
        for member in CoupleMember.objects.filter(couple_id=membership.couple_id).select_related(
            "user__profile"
        ):
            member.is_active = False
            member.display_name_at_end = member.user.profile.display_name
            member.save(update_fields=["is_active", "display_name_at_end"])
        couple_ended.send(sender=Couple, couple_id=membership.couple_id, ended_by=user)
    logger.info("couple ended couple_id=%s", membership.couple_id)
    return Couple.objects.get(pk=membership.couple_id)


def invitation_addresses_forget(*, older_than: timedelta, now=None) -> int:
    """Blank the partner's address typed into invitations that ended (used, declined, revoked
    or expired) longer ago than `older_than`: it was needed to send one email, not to keep.
    Returns how many invitations were cleared."""
    now = now or timezone.now()
    cutoff = now - older_than
    # Answered or withdrawn: when that happened; otherwise when the link expired.
    ended_before_cutoff = Q(responded_at__lt=cutoff) | Q(
        responded_at__isnull=True, expires_at__lt=cutoff
    )
    return (
        Invitation.objects.filter(ended_before_cutoff)
        .exclude(sent_to_email="")
        .update(sent_to_email="")
    )
