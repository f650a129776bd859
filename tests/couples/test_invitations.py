"""Inviting a partner: a one-time link with a 256-bit token, valid for seven days."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from couples.models import Couple, CoupleMember, Invitation, hash_token
from couples.services import (
    InvitationUnavailable,
    OwnInvitation,
    invitation_accept,
    invitation_create,
    invitation_revoke,
)
from tests.accounts.helpers import log_in
from tests.factories import UserFactory, link_partners

pytestmark = pytest.mark.django_db


def create_link(client, user, email: str = "") -> str:
    log_in(client, user.email)
    client.post("/partner/invite/", {"email": email})
    html = client.get("/partner/").content.decode()
    match = re.search(r'id="invitation-link">(http://[^<]+/partner/join/([^/<]+)/)<', html)
    assert match, "the new link should be shown once on the partner page"
    return match.group(2)


def test_invitation_link_carries_a_long_random_token_and_only_its_hash_is_stored(client):
    inviter = UserFactory()

    token = create_link(client, inviter)

    assert len(token) >= 43  # 32 random bytes in URL-safe base64
    invitation = Invitation.objects.get(inviter=inviter)
    assert invitation.token_hash == hash_token(token)
    assert token not in str(Invitation.objects.values().get())


def test_the_link_is_shown_once_only(client):
    token = create_link(client, UserFactory())

    assert token not in client.get("/partner/").content.decode()


def test_invitation_can_be_emailed_discreetly(client):
    inviter = UserFactory()

    token = create_link(client, inviter, email="partner@example.com")

    (message,) = mail.outbox
    assert message.to == ["partner@example.com"]
    assert message.subject == "An invitation to Check-in"
    assert f"/partner/join/{token}/" in message.body
    assert inviter.profile.display_name in message.body
    html = message.alternatives[0][0]
    assert f"/partner/join/{token}/" in html


def test_invitation_emails_are_rate_limited_per_person(client):
    inviter = UserFactory()
    log_in(client, inviter.email)

    for n in range(6):
        response = client.post(
            "/partner/invite/", {"email": f"someone{n}@example.com"}, follow=True
        )

    assert len(mail.outbox) == 5
    assert "Too many invitation emails" in response.content.decode()
    assert Invitation.objects.filter(inviter=inviter, status="pending").count() == 1


def test_a_failed_email_still_leaves_a_link_to_share(client, monkeypatch):
    def broken_send(**kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("couples.services.send_templated_email", broken_send)
    log_in(client, UserFactory().email)

    response = client.post("/partner/invite/", {"email": "partner@example.com"}, follow=True)

    html = response.content.decode()
    assert "could not be sent" in html
    assert "/partner/join/" in html


def test_the_new_link_is_kept_nowhere_on_the_server(client):
    from django.contrib.sessions.models import Session

    token = create_link(client, UserFactory())

    for session in Session.objects.all():
        assert token not in str(session.get_decoded())


def test_an_invalid_email_is_refused_on_the_form_and_no_link_is_made(client):
    inviter = UserFactory()
    log_in(client, inviter.email)

    response = client.post("/partner/invite/", {"email": "not-an-address"})

    assert response.status_code == 400
    assert 'value="not-an-address"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_invited_person_sees_who_invites_them_only_after_logging_in(client):
    inviter = UserFactory()
    token = invitation_create(inviter=inviter).token

    anonymous = client.get(f"/partner/join/{token}/").content.decode()
    assert inviter.profile.display_name not in anonymous
    assert inviter.email not in anonymous
    assert "/accounts/signup/?next=/partner/join/" in anonymous

    log_in(client, UserFactory().email)
    page = client.get(f"/partner/join/{token}/").content.decode()
    assert inviter.profile.display_name in page
    # Whoever holds the link learns the name the inviter chose, never their address.
    assert inviter.email not in page


def test_accepting_links_both_people_as_partners(client):
    inviter, invitee = UserFactory(), UserFactory()
    token = invitation_create(inviter=inviter).token
    log_in(client, invitee.email)

    response = client.post(f"/partner/join/{token}/", {"action": "accept"})

    assert response.url == "/partner/"
    couple = Couple.objects.get()
    assert couple.is_active
    assert set(couple.members.values_list("user", flat=True)) == {inviter.pk, invitee.pk}
    assert Invitation.objects.get().status == Invitation.Status.ACCEPTED
    assert inviter.profile.display_name in client.get("/partner/").content.decode()


def test_declining_changes_nothing_but_closes_the_link(client):
    inviter, invitee = UserFactory(), UserFactory()
    token = invitation_create(inviter=inviter).token
    log_in(client, invitee.email)

    client.post(f"/partner/join/{token}/", {"action": "decline"})

    assert not Couple.objects.exists()
    assert Invitation.objects.get().status == Invitation.Status.DECLINED
    with pytest.raises(InvitationUnavailable):
        invitation_accept(token=token, user=invitee)


def test_a_link_works_once():
    inviter = UserFactory()
    token = invitation_create(inviter=inviter).token
    invitation_accept(token=token, user=UserFactory())

    with pytest.raises(InvitationUnavailable, match="already been used"):
        invitation_accept(token=token, user=UserFactory())
    assert Couple.objects.count() == 1


def test_a_link_expires_after_seven_days(client):
    with time_machine.travel("2026-11-01 12:00Z", tick=False):
        token = invitation_create(inviter=UserFactory()).token

    invitee = UserFactory()
    with time_machine.travel("2026-11-08 11:59Z", tick=False):
        log_in(client, invitee.email)
        assert "would like to link" in client.get(f"/partner/join/{token}/").content.decode()

    with time_machine.travel("2026-11-08 12:01Z", tick=False):
        page = client.get(f"/partner/join/{token}/").content.decode()
        assert "expired" in page
        response = client.post(f"/partner/join/{token}/", {"action": "accept"}, follow=True)
        assert "expired" in response.content.decode()
    assert not Couple.objects.exists()


def test_the_maker_withdraws_their_link_from_the_partner_page(client):
    inviter = UserFactory()
    token = create_link(client, inviter)

    response = client.post("/partner/invite/revoke/", follow=True)

    assert "no longer works" in response.content.decode()
    assert Invitation.objects.get().status == Invitation.Status.REVOKED
    with pytest.raises(InvitationUnavailable, match="withdrawn"):
        invitation_accept(token=token, user=UserFactory())


def test_a_used_link_shows_a_clear_page(client):
    token = invitation_create(inviter=UserFactory()).token
    invitation_accept(token=token, user=UserFactory())
    log_in(client, UserFactory().email)

    page = client.get(f"/partner/join/{token}/").content.decode()

    assert "already been used" in page
    assert "Accept" not in page


def test_a_revoked_link_shows_a_clear_page_and_changes_nothing(client):
    inviter = UserFactory()
    token = invitation_create(inviter=inviter).token
    assert invitation_revoke(inviter=inviter)

    log_in(client, UserFactory().email)
    response = client.post(f"/partner/join/{token}/", {"action": "accept"}, follow=True)

    assert "withdrawn" in response.content.decode()
    assert not Couple.objects.exists()


def test_an_unknown_token_shows_a_clear_page(client):
    log_in(client, UserFactory().email)

    page = client.get("/partner/join/not-a-real-token/").content.decode()

    assert "not valid" in page


def test_one_pending_invitation_per_person_a_new_link_withdraws_the_old():
    inviter = UserFactory()
    first = invitation_create(inviter=inviter).token
    second = invitation_create(inviter=inviter).token

    assert Invitation.objects.filter(inviter=inviter, status="pending").count() == 1
    with pytest.raises(InvitationUnavailable, match="withdrawn"):
        invitation_accept(token=first, user=UserFactory())
    invitation_accept(token=second, user=UserFactory())


def test_the_database_refuses_two_pending_invitations_for_one_person():
    inviter = UserFactory()
    invitation_create(inviter=inviter)
    now = timezone.now()

    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            inviter=inviter, token_hash="x" * 64, created_at=now, expires_at=now + timedelta(1)
        )


def test_nobody_can_accept_their_own_invitation(client):
    inviter = UserFactory()
    token = invitation_create(inviter=inviter).token

    with pytest.raises(OwnInvitation):
        invitation_accept(token=token, user=inviter)
    log_in(client, inviter.email)
    assert "your own invitation" in client.get(f"/partner/join/{token}/").content.decode()
    assert not Couple.objects.exists()


def test_the_database_refuses_a_self_invitation_answer():
    inviter = UserFactory()
    invitation = invitation_create(inviter=inviter).invitation

    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk).update(responded_by=inviter)


def test_accepting_when_already_linked_is_refused_and_changes_nothing(client):
    linked, partner = UserFactory(), UserFactory()
    link_partners(linked, partner)
    token = invitation_create(inviter=UserFactory()).token

    log_in(client, linked.email)
    page = client.get(f"/partner/join/{token}/").content.decode()
    assert "You already have a partner" in page
    response = client.post(f"/partner/join/{token}/", {"action": "accept"}, follow=True)

    assert "already have a partner" in response.content.decode()
    assert Couple.objects.count() == 1
    assert Invitation.objects.get(token_hash=hash_token(token)).status == "pending"


def test_an_invitation_from_someone_who_has_since_linked_with_another_no_longer_works():
    inviter = UserFactory()
    token = invitation_create(inviter=inviter).token
    invitation_accept(token=invitation_create(inviter=UserFactory()).token, user=inviter)

    with pytest.raises(InvitationUnavailable):
        invitation_accept(token=token, user=UserFactory())
    assert Couple.objects.count() == 1


def test_a_linked_person_cannot_create_an_invitation(client):
    person, partner = UserFactory(), UserFactory()
    link_partners(person, partner)
    log_in(client, person.email)

    response = client.post("/partner/invite/", {"email": ""}, follow=True)

    assert "already have a partner" in response.content.decode()
    assert Invitation.objects.filter(inviter=person, status="pending").count() == 0


def test_accepting_closes_the_invitees_own_pending_link():
    inviter, invitee = UserFactory(), UserFactory()
    invitees_own = invitation_create(inviter=invitee).token

    invitation_accept(token=invitation_create(inviter=inviter).token, user=invitee)

    with pytest.raises(InvitationUnavailable):
        invitation_accept(token=invitees_own, user=UserFactory())


def test_the_database_keeps_a_person_in_one_active_couple():
    person = UserFactory()
    link_partners(person, UserFactory())
    other = Couple.objects.create(started_at=timezone.now())

    with pytest.raises(IntegrityError), transaction.atomic():
        CoupleMember.objects.create(couple=other, user=person, slot=1, joined_at=timezone.now())


def test_the_database_keeps_a_couple_to_two_people():
    couple = link_partners(UserFactory(), UserFactory())

    with pytest.raises(IntegrityError), transaction.atomic():
        CoupleMember.objects.create(
            couple=couple, user=UserFactory(), slot=3, joined_at=timezone.now()
        )


def test_an_address_too_long_to_store_comes_back_with_a_message(client):
    # 312 characters passed forms.EmailField (up to 320) and failed in PostgreSQL's
    # varchar(254): a 500, on the first form a new user fills in.
    inviter = UserFactory()
    log_in(client, inviter.email)
    address = "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "com"

    response = client.post("/partner/invite/", {"email": address})

    assert response.status_code == 400
    html = response.content.decode()
    assert "at most 254 characters" in html
    assert address in html
    assert not Invitation.objects.exists()
