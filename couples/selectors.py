"""Reads about partners that several views (and later the check-ins and dashboards) share."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from accounts.models import User

from .models import Couple, CoupleMember, Invitation, hash_token


@dataclass(frozen=True)
class PastCouple:
    couple: Couple
    former_partner_name: str | None  # None when that account was deleted


@dataclass(frozen=True)
class PartnerOverview:
    couple: Couple | None = None
    partner: User | None = None
    pending_invitation: Invitation | None = None
    past_couples: list[PastCouple] = field(default_factory=list)


def active_couple_for(user) -> Couple | None:
    return Couple.objects.filter(members__user=user, members__is_active=True).first()


def partner_of(*, couple: Couple, user):
    """The other person in `couple`, or None if they deleted their account."""
    # With the partner's profile: pages that name the partner read it next.
    found = (
        User.objects.filter(couple_memberships__couple=couple)
        .exclude(pk=user.pk)
        .select_related("profile")[:1]
    )
    return found[0] if found else None


def pending_invitation_for(user) -> Invitation | None:
    invitation = (
        Invitation.objects.filter(inviter=user, status=Invitation.Status.PENDING)
        .order_by("-created_at")
        .first()
    )
    if invitation and invitation.effective_status() == Invitation.Status.PENDING:
        return invitation
    return None


def partner_overview(user) -> PartnerOverview:
    couples = list(
        Couple.objects.filter(members__user=user)
        .prefetch_related(
            Prefetch(
                "members",
                queryset=CoupleMember.objects.select_related("user__profile").order_by("slot"),
            )
        )
        .order_by("-started_at")
    )
    active = next((couple for couple in couples if couple.is_active), None)
    past = [
        PastCouple(couple=couple, former_partner_name=former_partner_name(couple=couple, user=user))
        for couple in couples
        if not couple.is_active
    ]
    return PartnerOverview(
        couple=active,
        partner=partner_of(couple=active, user=user) if active else None,
        pending_invitation=None if active else pending_invitation_for(user),
        past_couples=past,
    )


def former_partner_name(*, couple: Couple, user) -> str | None:
    """The name the other person showed when the couple ended; None if they deleted their
    account. Their current profile is never read: nothing new passes after unlinking."""
    for member in couple.members.all():
        if member.user_id != user.pk:
            return member.display_name_at_end
    return None


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("inviter__profile")
        .filter(token_hash=hash_token(token))
        .first()
    )
