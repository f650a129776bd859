"""`make run` seeds demo accounts that can log in, and refuses to do so in production."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from checkins.models import Answer
from couples.models import Couple
from couples.selectors import active_couple_for
from demo.services import DEMO_AGREEMENT, DEMO_TOPIC
from summaries.models import Summary
from talks.models import Agreement, Topic
from talks.services import agreement_save
from tests.accounts.helpers import log_in

pytestmark = pytest.mark.django_db


def seed(settings, tmp_path, debug: bool = True) -> str:
    settings.VAR_DIR = tmp_path
    settings.DEBUG = debug
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_printed_demo_logins_work(client, settings, tmp_path):
    output = seed(settings, tmp_path)

    logins = re.findall(r"(\S+@example\.com)\s+password: (\S+)", output)
    assert {email for email, _ in logins} == {
        "admin@example.com",
        "alex@example.com",
        "sam@example.com",
    }
    assert "http://127.0.0.1:8000/" in output
    for email, password in logins:
        client.post("/accounts/logout/")
        log_in(client, email, password)
        assert client.get("/").context["user"].email == email


def test_admin_login_reaches_the_admin(client, settings, tmp_path):
    output = seed(settings, tmp_path)
    password = re.search(r"admin@example\.com\s+password: (\S+)", output).group(1)

    log_in(client, "admin@example.com", password)

    assert client.get("/admin/").status_code == 200


def test_seeding_twice_keeps_the_same_passwords(settings, tmp_path):
    assert seed(settings, tmp_path) == seed(settings, tmp_path)


def test_seed_refuses_to_run_with_debug_off(settings, tmp_path):
    with pytest.raises(CommandError, match="DEBUG"):
        seed(settings, tmp_path, debug=False)


def test_the_demo_partners_are_linked_and_live_in_different_zones(settings, tmp_path):
    seed(settings, tmp_path)
    seed(settings, tmp_path)

    alex = get_user_model().objects.get(email="alex@example.com")
    sam = get_user_model().objects.get(email="sam@example.com")
    couple = active_couple_for(alex)
    assert couple is not None and couple == active_couple_for(sam)
    assert Couple.objects.count() == 1
    assert (alex.profile.time_zone, sam.profile.time_zone) == ("Europe/Paris", "America/New_York")


def _logged_in(client, output: str, email: str):
    password = re.search(rf"{re.escape(email)}\s+password: (\S+)", output).group(1)
    client.post("/accounts/logout/")
    log_in(client, email, password)
    return get_user_model().objects.get(email=email)


def test_the_demo_has_a_talk_with_what_the_couple_agreed(client, settings, tmp_path, library):
    """Last week's round: Sam flagged a shared answer, Alex added a topic, and what they agreed
    is written down; both see it on the talk page, and the open check-in shows it at the top."""
    seed(settings, tmp_path)
    output = seed(settings, tmp_path)

    alex = get_user_model().objects.get(email="alex@example.com")
    agreement = Agreement.objects.get()
    round_ = agreement.round
    assert (agreement.text, agreement.changed_by, agreement.version) == (
        DEMO_AGREEMENT,
        alex,
        1,
    )
    assert Topic.objects.get().round == round_
    flagged = Answer.objects.get(round=round_, wants_talk=True)
    assert flagged.person.email == "sam@example.com" and flagged.is_shared
    assert flagged.is_pulse and flagged.dimension.slug == "communication"
    # The latest answered round; the one open now is unanswered.
    assert not round_.schedule.rounds.filter(
        opens_at__gt=round_.opens_at, answers__isnull=False
    ).exists()
    current = round_.schedule.rounds.get(opens_at__gt=round_.opens_at)

    for email, changed_by, flagged_by, topic_by in (
        ("sam@example.com", "Changed by Alex at", "You flagged this", "Alex added this"),
        ("alex@example.com", "Changed by you at", "Sam flagged this", "You added this"),
    ):
        _logged_in(client, output, email)
        talk = client.get(f"/checkin/{round_.code}/talk/").content.decode()
        assert "A walk on Sunday morning, phones at home." in talk
        assert changed_by in talk
        assert DEMO_TOPIC in talk
        assert flagged_by in talk
        assert topic_by in talk
        checkin = client.get(f"/checkin/{current.code}/").content.decode()
        assert "Last time you agreed" in checkin
        assert "A walk on Sunday morning, phones at home." in checkin


def test_the_demo_has_a_summary_both_partners_agreed_to(client, settings, tmp_path, library):
    seed(settings, tmp_path)
    output = seed(settings, tmp_path)

    summary = Summary.objects.get()
    assert summary.status == Summary.Status.AGREED
    assert summary.proposed_by.email == "sam@example.com"
    assert summary.weeks == 12
    for email in ("alex@example.com", "sam@example.com"):
        _logged_in(client, output, email)
        page = client.get(f"/summaries/{summary.code}/").content.decode()
        assert "You both agreed" in page
        assert "One person's answers only." not in page
        # Its weeks hold last week's talk.
        assert "A walk on Sunday morning, phones at home." in page


def test_seeding_again_keeps_an_edited_agreement_and_adds_nothing(settings, tmp_path, library):
    seed(settings, tmp_path)
    agreement = Agreement.objects.get()
    sam = get_user_model().objects.get(email="sam@example.com")
    agreement_save(round_=agreement.round, person=sam, text="Our own words.", version=1)

    seed(settings, tmp_path)

    assert Agreement.objects.get().text == "Our own words."
    assert (Topic.objects.count(), Summary.objects.count()) == (1, 1)
    assert Answer.objects.filter(wants_talk=True).count() == 1
