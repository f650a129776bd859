"""A summary never holds a private answer, a note (private or shared), a safety answer or the
support note: planted markers, on the partners' pages and on the share link's."""

import dataclasses
import io
import re
from datetime import timedelta

import pypdf
import pytest
from django.test import Client

from checkins.models import SafetyAnswer
from checkins.services import SafetyInput, WeighingInput, checkin_submit
from content.models import LocalResources, SafetyChoice
from couples.selectors import active_couple_for
from summaries.services import share_link_create, summary_accept, summary_propose
from tests.accounts.helpers import log_in
from tests.checkins.helpers import answers_for, open_round, submit

pytestmark = pytest.mark.django_db

PRIVATE_NOTE = "PRIVATE-NOTE-MARKER-51c2"
SHARED_NOTE = "SHARED-NOTE-MARKER-9e0d"
SUPPORT_MARKER = "SUPPORT-NOTE-MARKER-0b7a"
PRIVATE_SCORE = 5  # nobody shares a 5 here: any "5.0" in a table is the private answer


@pytest.fixture
def planted(couple, django_capture_on_commit_callbacks):
    alex, sam = couple
    LocalResources.objects.create(text=f"Call {SUPPORT_MARKER} at any hour.")
    weeks = [open_round(alex, opened=timedelta(weeks=ago, hours=1)) for ago in (2, 1)]
    for round_ in weeks:
        with django_capture_on_commit_callbacks(execute=True):
            submit(round_, alex, score=3, shared=True, note=SHARED_NOTE, now=round_.opens_at)
    # Week 1: Sam shares connection (2) and keeps the desire pulse item, at 5, private, with a
    # private note on every reflection question.
    first = weeks[0]
    desire = first.round_prompts.get(is_pulse=True, dimension__slug="desire").dimension_id
    scores = {"connection": 2, "communication": 2, "desire": PRIVATE_SCORE, "obligation": 2}
    answers = [
        dataclasses.replace(answer, is_shared=answer.dimension_id != desire)
        for answer in answers_for(first, score=scores, note=PRIVATE_NOTE)
    ]
    # Week 2: everything private and worrying, with a safety answer that brings the support
    # note, and what weighs on Sam kept private.
    second = weeks[1]
    worrying = SafetyChoice.objects.filter(is_worrying=True).select_related("question").first()
    with django_capture_on_commit_callbacks(execute=True):
        checkin_submit(round_=first, person=sam, answers=answers, now=first.opens_at)
        checkin_submit(
            round_=second,
            person=sam,
            answers=answers_for(second, score=PRIVATE_SCORE, note=PRIVATE_NOTE, shared=False),
            safety=[SafetyInput(worrying.question_id, worrying.pk)],
            weighing=WeighingInput(topics=frozenset({"money"}), is_shared=False),
            now=second.opens_at,
        )
    safety = SafetyAnswer.objects.get(person=sam)
    summary = summary_propose(person=sam, couple=active_couple_for(alex), weeks=4)
    summary_accept(summary=summary, person=alex)
    token = share_link_create(summary=summary, person=alex, days=7).token
    return alex, sam, summary, token, safety


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def pages(client, alex, sam, summary, token):
    for person in (alex, sam):
        client.logout()
        log_in(client, person.email)
        yield person, client.get(f"/summaries/{summary.code}/").content.decode()
    yield "therapist", Client().get(f"/shared/summary/{token}/").content.decode()


def test_nor_in_the_pdf(client, planted):
    alex, sam, summary, _, safety = planted
    for person in (alex, sam):
        client.logout()
        log_in(client, person.email)
        text = pdf_text(client.get(f"/summaries/{summary.code}/summary.pdf"))
        assert "Connection" in text and "3.0" in text and "2.0" in text, person
        for marker in (PRIVATE_NOTE, SHARED_NOTE, SUPPORT_MARKER, "Nobody owes anyone"):
            assert marker not in text, (person, marker)
        assert safety.question_text not in text, person
        assert "Money" not in text, person
        assert f"{PRIVATE_SCORE}.0" not in text, person


def test_no_private_answer_note_safety_answer_or_support_note_in_any_summary_page(client, planted):
    alex, sam, summary, token, safety = planted
    for who, html in pages(client, alex, sam, summary, token):
        assert "summary-chart" in html, who
        assert "<td>3.0</td>" in html and "<td>2.0</td>" in html, who  # what was shared
        for marker in (PRIVATE_NOTE, SHARED_NOTE, SUPPORT_MARKER, "Nobody owes anyone"):
            assert marker not in html, (who, marker)
        assert safety.question_text not in html, who
        assert f">{safety.choice_label}<" not in html, who
        assert "Money" not in html and "Weighing" not in html, who
        # The private 5: in no table cell, and no point drawn at the top of any chart.
        assert f"<td>{PRIVATE_SCORE}.0</td>" not in html, who
        assert not re.search(r'(cy="34\.0"|y="30\.0" width)', html), who
