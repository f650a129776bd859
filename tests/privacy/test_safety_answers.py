"""A private safety answer never reaches the partner by any path: every page, download and
email of theirs is the same whether the person answered it worryingly or not at all, and no
admin page lists them, for a content editor or a superuser."""

import json
import re
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail

from accounts.models import Profile
from checkins.models import Round, SafetyAnswer
from checkins.services import SafetyInput, checkin_submit, round_ensure_at
from content.models import SafetyChoice
from reminders.tasks import sweep
from tests.accounts.helpers import log_in, reauthenticate
from tests.checkins.helpers import answers_for, open_round, set_schedule, submit
from tests.factories import UserFactory, link_partners

pytestmark = pytest.mark.django_db

VOLATILE = [
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'),
    re.compile(r'nonce="[^"]+"'),
]


SHARED_NOTE = "Alex's shared note 7c2e"


def worried(round_, person, note: str = "") -> None:
    """Answers the person already gave, again, now with worrying safety answers."""
    choices = SafetyChoice.objects.filter(is_worrying=True).order_by("question", "-order")
    chosen = {c.question_id: c for c in choices}
    checkin_submit(
        round_=round_,
        person=person,
        answers=answers_for(round_, score=3, note=note, shared=True),
        safety=[SafetyInput(question_id=q, choice_id=c.pk) for q, c in chosen.items()],
    )


def what_the_partner_gets(client, round_) -> dict[str, str]:
    """Every page and download of the partner's that could carry the person's answers."""
    seen = {}
    reauthenticate(client)  # the downloads ask for the password
    for path in (
        f"/checkin/{round_.code}/",
        "/checkin/history/",
        "/trends/",
        "/trends/mine/",
        "/account/data/answers.csv",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        for pattern in VOLATILE:
            text = pattern.sub("", text)
        seen[path] = text
    export = json.loads(client.get("/account/data/export/").content)
    seen["export"] = json.dumps(export["check_ins"], sort_keys=True)
    return seen


def test_the_partners_pages_and_downloads_are_the_same_with_or_without_them(client, couple):
    alex, sam = couple
    round_ = open_round(alex, opened=timedelta(hours=2))
    submit(round_, alex, score=3, note=SHARED_NOTE, shared=True)
    submit(round_, sam, score=3, shared=True)
    worried(round_, sam)  # the partner's own, which they do see
    log_in(client, sam.email)
    client.get("/")  # shows, and so clears, the "signed in" message
    after_the_close = round_.closes_at + timedelta(hours=1)  # the trends show the round then
    without = what_the_partner_gets(client, round_)
    with time_machine.travel(after_the_close):
        without_closed = what_the_partner_gets(client, round_)

    worried(round_, alex, note=SHARED_NOTE)
    assert SafetyAnswer.objects.filter(person=alex).count() == 2
    with_them = what_the_partner_gets(client, round_)
    with time_machine.travel(after_the_close):
        with_them_closed = what_the_partner_gets(client, round_)

    assert with_them == without
    assert with_them_closed == without_closed
    # What Alex shares does reach these pages: the comparison covers them.
    assert "Alex&#x27;s shared note 7c2e" in with_them[f"/checkin/{round_.code}/"]
    assert "Alex&#x27;s shared note 7c2e" in with_them_closed["/checkin/history/"]
    export = json.loads(with_them["export"])
    assert {a["answer"] for a in export[0]["my_private_safety_answers"]} == set(
        SafetyAnswer.objects.filter(person=sam).values_list("choice_label", flat=True)
    )


def test_they_are_in_their_authors_own_export_only(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    submit(round_, alex, score=3)
    worried(round_, alex)
    log_in(client, alex.email)
    reauthenticate(client)

    export = json.loads(client.get("/account/data/export/").content)

    (check_in,) = export["check_ins"]
    assert {answer["answer"] for answer in check_in["my_private_safety_answers"]} == set(
        SafetyAnswer.objects.filter(person=alex).values_list("choice__label", flat=True)
    )


@pytest.mark.parametrize("role", ["content editor", "superuser"])
def test_no_admin_page_lists_them(client, couple, role):
    alex, _ = couple
    round_ = open_round(alex)
    submit(round_, alex, score=3)
    worried(round_, alex)
    if role == "superuser":
        admin = UserFactory(is_staff=True, is_superuser=True)
    else:
        admin = UserFactory(is_staff=True)
        admin.groups.add(Group.objects.get(name="Content editors"))
    log_in(client, admin.email)

    question = SafetyAnswer.objects.filter(person=alex).first().question
    index = client.get("/admin/").content.decode()
    question_page = client.get(f"/admin/content/safetyquestion/{question.pk}/change/")

    assert "Safety questions" in index
    assert "Safety answer" not in index
    assert client.get("/admin/checkins/safetyanswer/").status_code == 404
    assert question_page.status_code == 200
    # Nothing can be deleted: Django's refusal would list the answers that block it.
    assert "-DELETE" not in question_page.content.decode()
    assert client.get(f"/admin/content/safetyquestion/{question.pk}/delete/").status_code == 403
    changelist = client.get("/admin/content/safetyquestion/").content.decode()
    assert "delete_selected" not in changelist


def test_deleting_the_account_deletes_them_and_keeps_the_partners_own(client, couple):
    alex, sam = couple
    round_ = open_round(alex)
    for person in (alex, sam):
        submit(round_, person, score=3)
        worried(round_, person)
    log_in(client, alex.email)
    reauthenticate(client)

    client.post("/account/delete/")

    assert not SafetyAnswer.objects.filter(person_id=alex.pk).exists()
    assert SafetyAnswer.objects.filter(person=sam).count() == 2


def test_the_partners_reminder_emails_are_the_same_with_or_without_them(couple):
    """Two couples alike but for one person's worrying safety answers: their partners' emails
    differ only in what is each couple's or partner's own (the round's link, the address, the
    link that turns reminders off)."""
    opens = datetime(2026, 11, 22, 18, tzinfo=UTC)  # 10:00 in Los Angeles
    partners = {}
    for index, (alex, sam) in enumerate((couple, (UserFactory(), UserFactory()))):
        if index:
            link_partners(alex, sam)
            Round.objects.filter(schedule__couple__members__user=alex).delete()
        Profile.objects.filter(user=sam).update(time_zone="America/Los_Angeles")
        schedule = set_schedule(alex, cadence="weekly", weekday=6, time_of_day=time(19))
        round_ = round_ensure_at(schedule, opens)
        with time_machine.travel(opens + timedelta(minutes=5), tick=False):
            submit(round_, alex, score=3, shared=True)
            if index == 0:
                worried(round_, alex)
        partners[sam.email] = index
    assert SafetyAnswer.objects.filter(is_worrying=True).exists()

    # Sam's reminder at 10:00 in Los Angeles, then the follow-up a day before the close.
    for moment in (opens + timedelta(hours=9, minutes=1), round_.closes_at - timedelta(hours=23)):
        with time_machine.travel(moment, tick=False):
            sweep()
    own_parts = re.compile(r"/checkin/[\w-]+/|/reminders/[\w/-]+|[\w.+-]+@[\w.-]+")
    received = {0: [], 1: []}
    for message in mail.outbox:
        if message.to[0] in partners:
            parts = [message.subject, message.body, *(a[0] for a in message.alternatives)]
            received[partners[message.to[0]]].append([own_parts.sub("", p) for p in parts])

    assert len(received[0]) == 2  # the reminder, and the follow-up
    assert received[0] == received[1]
