"""What we agreed: either partner edits it, last edit wins with who and when, an edit made on
a stale copy is refused with the newer text shown, it is encrypted at rest, and the next
check-in shows it at the top."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection

from talks.models import Agreement
from talks.services import StaleAgreement, agreement_save
from tests.accounts.helpers import log_in
from tests.checkins.helpers import open_round
from tests.talks.helpers import name, submit_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def talk_round(couple):
    alex, sam = couple
    name(alex, "Alex")
    name(sam, "Sam")
    round_ = open_round(alex)
    submit_with(round_, alex)
    submit_with(round_, sam)
    return round_, alex, sam


def test_either_partner_edits_and_the_page_says_who_changed_it_and_when(client, talk_round):
    round_, alex, sam = talk_round
    alex.profile.time_zone = "Europe/Berlin"
    alex.profile.save()
    log_in(client, alex.email)

    with time_machine.travel("2026-12-06 20:04:00+00:00", tick=False):
        agreement_save(round_=round_, person=sam, text="A walk on Sunday", version=0)
    html = client.get(f"/checkin/{round_.code}/talk/").content.decode()

    assert "A walk on Sunday" in html
    # In the viewer's zone: 20:04 UTC is 21:04 in Berlin.
    assert "Changed by Sam at 21:04" in html
    assert 'name="agreement-version" value="1"' in html

    response = client.post(
        f"/checkin/{round_.code}/talk/agreement/",
        {"agreement-text": "A walk, and no phones", "agreement-version": 1},
    )
    assert response.status_code == 302
    html = client.get(f"/checkin/{round_.code}/talk/").content.decode()
    assert "A walk, and no phones" in html
    assert "Changed by you at" in html


def test_an_edit_made_on_a_stale_copy_is_refused_with_the_newer_text_shown(client, talk_round):
    round_, alex, sam = talk_round
    log_in(client, alex.email)
    client.post(
        f"/checkin/{round_.code}/talk/agreement/",
        {"agreement-text": "First words", "agreement-version": 0},
    )
    # Sam saves on top while Alex still has version 1 open.
    agreement_save(round_=round_, person=sam, text="Sam's newer words", version=1)

    response = client.post(
        f"/checkin/{round_.code}/talk/agreement/",
        {"agreement-text": "Alex's late words", "agreement-version": 1},
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Sam changed this while you were writing" in html
    assert "Sam&#x27;s newer words" in html  # in the box now, with its version
    assert 'name="agreement-version" value="2"' in html
    assert "Alex&#x27;s late words" in html  # kept to copy from, not saved
    assert Agreement.objects.get(round=round_).text == "Sam's newer words"


def test_the_version_check_is_in_the_update_itself(talk_round):
    round_, alex, sam = talk_round
    agreement_save(round_=round_, person=alex, text="One", version=0)
    agreement_save(round_=round_, person=sam, text="Two", version=1)

    with pytest.raises(StaleAgreement) as refused:
        agreement_save(round_=round_, person=alex, text="Three", version=1)

    assert refused.value.current.text == "Two"
    assert refused.value.current.version == 2


def test_the_agreement_is_encrypted_at_rest(talk_round):
    round_, alex, _ = talk_round
    agreement_save(round_=round_, person=alex, text="Our secret plan", version=0)

    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM talks_agreement WHERE round_id = %s", [round_.pk])
        stored = cursor.fetchone()[0]

    assert "secret" not in stored
    assert stored.startswith("gAAAA")


def test_the_next_check_in_shows_the_last_agreement_at_the_top(client, talk_round):
    round_, alex, sam = talk_round
    agreement_save(round_=round_, person=sam, text="Phones away at dinner", version=0)
    log_in(client, alex.email)

    with time_machine.travel(round_.closes_at + timedelta(days=2)):
        following = open_round(alex)
        client.get(f"/checkin/{following.code}/")  # the session's once-a-minute write
        html = client.get(f"/checkin/{following.code}/").content.decode()

    assert "Last time you agreed" in html
    assert html.index("Phones away at dinner") < html.index("Save my answers")


def test_after_unlinking_the_agreement_cannot_change(client, talk_round):
    from couples.services import couple_end_for_user

    round_, alex, _ = talk_round
    agreement_save(round_=round_, person=alex, text="Kept as it was", version=0)
    couple_end_for_user(user=alex)
    log_in(client, alex.email)

    html = client.get(f"/checkin/{round_.code}/talk/").content.decode()
    client.post(
        f"/checkin/{round_.code}/talk/agreement/",
        {"agreement-text": "Changed", "agreement-version": 1},
    )

    assert "Kept as it was" in html
    assert "Save what we agreed" not in html
    assert Agreement.objects.get(round=round_).text == "Kept as it was"


def test_key_rotation_re_encrypts_agreements_and_topics_too():
    from checkins.management.commands.rotate_note_keys import encrypted_fields

    found = {(model._meta.label, name) for model, name in encrypted_fields()}

    assert {
        ("checkins.Answer", "note"),
        ("talks.Agreement", "text"),
        ("talks.Topic", "text"),
    } <= found
