"""The JSON export: everything held about the requester, nothing private of the partner's."""

import json

import pytest

from checkins.services import AnswerInput, WeighingInput, checkin_submit
from content.services import library_load
from couples.services import couple_end_for_user
from tests.accounts.helpers import log_in, reauthenticate
from tests.checkins.helpers import answers_for, open_round, submit
from tests.factories import UserFactory, link_partners

pytestmark = pytest.mark.django_db


def export(client) -> dict:
    reauthenticate(client)
    response = client.get("/account/data/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="check-in-export-')
    return json.loads(response.content)


def test_export_holds_the_account_profile_couples_invitations_and_sessions(client):
    alex, sam = UserFactory(), UserFactory()
    link_partners(alex, sam)
    log_in(client, alex.email)

    data = export(client)

    assert data["account"]["email"] == alex.email
    assert data["account"]["email_addresses"] == [
        {"email": alex.email, "verified": True, "primary": True}
    ]
    assert data["profile"]["display_name"] == alex.profile.display_name
    assert data["profile"]["time_zone"] == "UTC"
    assert [c["status"] for c in data["couples"]] == ["active"]
    assert data["couples"][0]["partner_display_name"] == sam.profile.display_name
    assert [i["status"] for i in data["invitations_sent"]] == ["accepted"]
    assert len(data["sessions"]) == 1


def test_export_holds_nothing_of_the_partner_but_the_name_they_show(client):
    alex, sam = UserFactory(email="alex@example.com"), UserFactory(email="sam@example.com")
    sam.profile.time_zone = "Pacific/Auckland"
    sam.profile.save()
    link_partners(alex, sam)
    log_in(client, sam.email)  # the partner's own session exists
    client.post("/accounts/logout/")
    log_in(client, alex.email)
    reauthenticate(client)

    raw = client.get("/account/data/export/").content.decode()

    assert "sam@example.com" not in raw
    assert "Pacific/Auckland" not in raw
    assert raw.count(sam.profile.display_name) == 1
    assert len(json.loads(raw)["sessions"]) == 1


def test_export_asks_for_the_password_again(client):
    log_in(client, UserFactory().email)

    assert client.get("/account/data/export/").url.startswith("/accounts/reauthenticate/")


def test_export_shows_an_ex_partner_only_as_they_were_named_at_the_end(client):
    alex, sam = UserFactory(), UserFactory()
    link_partners(alex, sam)
    couple_end_for_user(user=sam)
    sam.profile.display_name = "New life, new name"
    sam.profile.save()
    log_in(client, alex.email)

    data = export(client)

    assert data["couples"][0]["status"] == "ended"
    assert data["couples"][0]["partner_display_name"] != "New life, new name"


def test_export_is_not_cached(client):
    log_in(client, UserFactory().email)
    reauthenticate(client)

    response = client.get("/account/data/export/")

    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_export_holds_my_answers_with_notes_and_only_what_my_partner_shared(client):
    library_load()
    alex, sam = UserFactory(), UserFactory()
    link_partners(alex, sam)
    round_ = open_round(alex)
    checkin_submit(
        round_=round_,
        person=alex,
        answers=[
            AnswerInput(rp.dimension_id, rp.prompt_id, 4, "", is_shared=True)
            for rp in round_.round_prompts.filter(is_pulse=True)
        ]
        + [
            AnswerInput(rp.dimension_id, rp.prompt_id, 4, note, is_shared=shared)
            for rp, (note, shared) in zip(
                round_.round_prompts.filter(is_pulse=False).order_by("dimension__order"),
                [
                    ("ALEX-SHARED-1", True),
                    ("ALEX-PRIVATE-2", False),
                    ("ALEX-SHARED-3", True),
                    ("ALEX-PRIVATE-4", False),
                ],
                strict=True,
            )
        ],
    )
    submit(round_, sam, score=2, note="SAM-OWN")
    log_in(client, sam.email)

    data = export(client)
    raw = json.dumps(data)

    (check_in,) = data["check_ins"]
    # Pulse items have no note; each answer says which kind of question it answered.
    assert {(a["kind"], a["note"]) for a in check_in["my_answers"]} == {
        ("pulse", ""),
        ("reflection", "SAM-OWN"),
    }
    assert {a["note"] for a in check_in["partner_shared_answers"]} == {
        "",
        "ALEX-SHARED-1",
        "ALEX-SHARED-3",
    }
    assert {a["answer"] for a in check_in["my_answers"] if a["kind"] == "pulse"} >= {
        "2 / 5 · Somewhat distant"
    }
    assert "ALEX-PRIVATE" not in raw
    assert all("question" in a for a in check_in["my_answers"])
    # When Alex answered or edited is Alex's own business.
    assert all(set(a) == {"dimension", "kind", "question", "score", "answer", "note"}
               for a in check_in["partner_shared_answers"])  # fmt: skip


def test_export_holds_what_weighed_on_me_and_only_what_my_partner_shared_of_theirs(client):
    library_load()
    alex, sam = UserFactory(), UserFactory()
    link_partners(alex, sam)
    round_ = open_round(alex)
    checkin_submit(
        round_=round_,
        person=alex,
        answers=answers_for(round_),
        weighing=WeighingInput(topics=frozenset({"money"}), is_shared=False),
    )
    checkin_submit(
        round_=round_,
        person=sam,
        answers=answers_for(round_),
        weighing=WeighingInput(topics=frozenset({"family"}), is_shared=True),
    )
    log_in(client, sam.email)
    reauthenticate(client)

    sams = export(client)["check_ins"][0]
    client.post("/accounts/logout/")
    log_in(client, alex.email)
    reauthenticate(client)
    alexs = export(client)["check_ins"][0]

    assert sams["what_weighed_on_me"] == {
        "topics": ["Children or caring for family"],
        "shared_with_partner": True,
    }
    assert sams["what_weighed_on_my_partner"] == []  # Alex kept money private
    assert alexs["what_weighed_on_my_partner"] == [{"topics": ["Children or caring for family"]}]
