"""Either partner ends the couple alone, at once; the ended couple is kept, never merged."""

import pytest

from couples.models import Couple
from couples.selectors import active_couple_for
from couples.services import couple_end_for_user
from tests.accounts.helpers import log_in, reauthenticate
from tests.factories import DEFAULT_PASSWORD, UserFactory, link_partners

pytestmark = pytest.mark.django_db


def test_either_partner_unlinks_alone_after_one_confirmation(client):
    alex, sam = UserFactory(), UserFactory()
    couple = link_partners(alex, sam)
    log_in(client, sam.email)
    reauthenticate(client)

    confirmation = client.get("/partner/unlink/").content.decode()
    assert "agreement is not needed" in confirmation
    assert active_couple_for(alex) == couple  # the page alone changes nothing

    response = client.post("/partner/unlink/")

    assert response.url == "/partner/"
    couple.refresh_from_db()
    assert couple.status == Couple.Status.ENDED
    assert couple.ended_at is not None
    assert active_couple_for(alex) is None
    assert active_couple_for(sam) is None


def test_both_see_the_link_as_ended_with_its_dates(client):
    alex, sam = UserFactory(), UserFactory()
    link_partners(alex, sam)
    log_in(client, alex.email)
    reauthenticate(client)
    client.post("/partner/unlink/")

    client.post("/accounts/logout/")
    log_in(client, sam.email)
    page = client.get("/partner/").content.decode()

    assert "Ended links" in page
    assert f"With {alex.profile.display_name}" in page
    assert "You are not linked with anyone" in page


def test_linking_again_makes_a_new_couple():
    alex, sam = UserFactory(), UserFactory()
    first = link_partners(alex, sam)

    couple_end_for_user(user=alex)
    second = link_partners(sam, alex)

    assert second.pk != first.pk
    first.refresh_from_db()
    assert first.status == Couple.Status.ENDED
    assert active_couple_for(alex) == second


def test_unlink_page_without_a_partner_goes_back_to_the_partner_page(client):
    log_in(client, UserFactory().email)
    reauthenticate(client)

    assert client.get("/partner/unlink/").url == "/partner/"
    assert client.post("/partner/unlink/").url == "/partner/"


def test_a_person_without_a_partner_can_use_the_app_alone(client):
    person = UserFactory()
    log_in(client, person.email)

    home = client.get("/").content.decode()
    partner_page = client.get("/partner/").content.decode()

    assert "private journal" in home
    assert "Invite your partner" in partner_page


def test_a_rename_after_unlinking_does_not_reach_the_former_partner(client):
    alex, sam = UserFactory(), UserFactory()
    link_partners(alex, sam)
    name_at_the_end = sam.profile.display_name
    couple_end_for_user(user=sam)
    sam.profile.display_name = "A name Alex never saw"
    sam.profile.save()

    log_in(client, alex.email)
    page = client.get("/partner/").content.decode()

    assert f"With {name_at_the_end}" in page
    assert "A name Alex never saw" not in page


def test_unlink_accepts_only_get_and_post(client):
    alex, sam = UserFactory(), UserFactory()
    link_partners(alex, sam)
    log_in(client, alex.email)

    assert client.put("/partner/unlink/").status_code == 405
    assert active_couple_for(alex) is not None


def test_unlinking_asks_for_the_password_again_and_then_goes_through(client):
    alex, sam = UserFactory(), UserFactory()
    couple = link_partners(alex, sam)
    log_in(client, sam.email)

    asked = client.post("/partner/unlink/")

    assert asked.url.startswith("/accounts/reauthenticate/")
    assert active_couple_for(alex) == couple  # nothing happened yet
    # The password once more, and the unlink that was asked for goes through.
    done = client.post(asked.url, {"password": DEFAULT_PASSWORD})
    assert active_couple_for(alex) is None
    assert done.status_code == 302
