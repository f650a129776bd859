"""What the privacy statement says is kept only for a while is deleted by a nightly task."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from couples.models import Invitation
from couples.services import invitation_accept, invitation_create, invitation_revoke
from privacy.tasks import apply_retention
from tests.factories import UserFactory, link_partners

pytestmark = pytest.mark.django_db


def invitation_sent(days_ago: int, *, to: str) -> Invitation:
    inviter = UserFactory()
    with time_machine.travel(timezone.now() - timedelta(days=days_ago)):
        return invitation_create(inviter=inviter, sent_to_email=to).invitation


def test_a_partners_address_is_forgotten_a_month_after_the_invitation_ended(settings):
    settings.INVITATION_ADDRESS_RETENTION_DAYS = 30
    long_expired = invitation_sent(60, to="expired@example.com")
    recently_expired = invitation_sent(10, to="recent@example.com")
    revoked = invitation_sent(60, to="revoked@example.com")
    with time_machine.travel(timezone.now() - timedelta(days=59)):
        invitation_revoke(inviter=revoked.inviter)
    revoked_today = invitation_sent(5, to="revoked-today@example.com")
    invitation_revoke(inviter=revoked_today.inviter)
    still_open = invitation_create(inviter=UserFactory(), sent_to_email="open@example.com")

    apply_retention.delay()

    def address(invitation) -> str:
        invitation.refresh_from_db()
        return invitation.sent_to_email

    assert address(long_expired) == ""
    assert address(revoked) == ""
    assert address(recently_expired) == "recent@example.com"
    assert address(revoked_today) == "revoked-today@example.com"
    assert address(still_open.invitation) == "open@example.com"


def test_forgetting_the_address_leaves_the_link_itself_alone(settings):
    settings.INVITATION_ADDRESS_RETENTION_DAYS = 0
    alex, sam = UserFactory(), UserFactory()
    couple = link_partners(alex, sam)
    Invitation.objects.filter(inviter=alex).update(
        sent_to_email="sam@example.com",
        created_at=timezone.now() - timedelta(days=8),
        expires_at=timezone.now() - timedelta(days=1),
    )

    apply_retention.delay()

    invitation = Invitation.objects.get(inviter=alex)
    assert invitation.sent_to_email == ""
    assert invitation.couple == couple
    assert invitation.status == Invitation.Status.ACCEPTED


def test_an_invitation_used_at_once_is_forgotten_a_month_after_use_not_after_expiry(settings):
    settings.INVITATION_ADDRESS_RETENTION_DAYS = 30
    alex, sam = UserFactory(), UserFactory()
    with time_machine.travel(timezone.now() - timedelta(days=31)):
        token = invitation_create(inviter=alex, sent_to_email="sam@example.com").token
        invitation_accept(token=token, user=sam)  # used at once; it would have expired in 7 days

    apply_retention.delay()

    assert Invitation.objects.get(inviter=alex).sent_to_email == ""
