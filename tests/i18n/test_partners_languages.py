"""Partners who speak different languages each read the shared pages in their own, while what
the other wrote stays as it was written."""

import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from checkins.models import Round
from content.models import Dimension
from tests.i18n.conftest import AGREEMENT

pytestmark = pytest.mark.django_db


def in_language(language: str, english: str) -> str:
    with translation.override(language):
        translated = translation.gettext(english)
    assert translated != english, f"{english!r} has no {language} translation"
    return translated


@pytest.fixture
def german_and_spanish(couple_with_history):
    clients, samples, (alex, sam) = couple_with_history
    alex.profile.language, sam.profile.language = "de", "es"
    alex.profile.save()
    sam.profile.save()
    return clients, samples


def test_the_talk_is_in_each_partners_language_and_the_agreement_as_written(german_and_spanish):
    clients, samples = german_and_spanish
    talk_path = samples["extra_paths"][1]

    german = clients["alex"].get(talk_path).content.decode()
    spanish = clients["sam"].get(talk_path).content.decode()

    assert in_language("de", "Our talk") in german
    assert in_language("es", "Our talk") in spanish
    assert "Our talk" not in german + spanish
    assert AGREEMENT in german
    assert AGREEMENT in spanish
    assert '<html lang="de"' in german
    assert '<html lang="es"' in spanish


def test_the_summary_names_the_themes_in_each_readers_language(german_and_spanish):
    clients, samples = german_and_spanish
    connection = Dimension.objects.get(slug="connection")
    path = f"/summaries/{samples['summary_code']}/"

    german = clients["alex"].get(path).content.decode()
    spanish = clients["sam"].get(path).content.decode()

    assert escape(connection.name_de) in german
    assert escape(connection.name_es) in spanish
    assert connection.name_en not in german + spanish
    assert in_language("de", "Who agreed") in german
    assert in_language("es", "Who agreed") in spanish


def test_a_visitor_reads_the_browsers_language_and_a_signed_in_person_their_profiles(
    german_and_spanish,
):
    clients, _ = german_and_spanish
    visitor = Client(HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9,en;q=0.5")
    # Alex's browser asks for English; Alex chose German in the profile.
    alex = clients["alex"]

    assert in_language("es", "Log in") in visitor.get("/accounts/login/").content.decode()
    history = alex.get("/checkin/history/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert in_language("de", "Past check-ins") in history


def test_the_open_rounds_questions_are_in_each_partners_language(german_and_spanish):
    clients, samples = german_and_spanish
    round_ = Round.objects.get(code=samples["code"])
    prompt = round_.round_prompts.select_related("prompt").first().prompt

    # Sam has not answered yet: the form, in Spanish.
    spanish = clients["sam"].get(f"/checkin/{round_.code}/").content.decode()

    assert escape(prompt.text_es) in spanish
    assert escape(prompt.text_en) not in spanish


def test_the_reveal_words_the_partners_points_in_the_viewers_language(german_and_spanish):
    clients, samples = german_and_spanish
    reveal_path = samples["extra_paths"][0]
    round_ = Round.objects.get(code=reveal_path.split("/")[2])
    alex = clients["alex"].session["_auth_user_id"]
    # Each answered in their own language; the pulse items have a label on every point.
    round_.answers.filter(person_id=alex).update(language="de")
    round_.answers.exclude(person_id=alex).update(language="es")
    sams = round_.answers.exclude(person_id=alex).filter(is_pulse=True, is_shared=True)
    sams = sams.select_related("prompt")

    german = clients["alex"].get(reveal_path).content.decode()

    assert sams, "Sam shared pulse answers that week"
    for answer in sams:
        assert escape(answer.prompt.label_for(answer.score, "de")) in german
        assert escape(answer.prompt.label_for(answer.score, "es")) not in german


def test_the_talk_agenda_asks_a_flagged_question_in_the_viewers_language(german_and_spanish):
    clients, samples = german_and_spanish
    talk_path = samples["extra_paths"][1]
    round_ = Round.objects.get(code=talk_path.split("/")[2])
    alex = int(clients["alex"].session["_auth_user_id"])
    flagged = round_.answers.exclude(person_id=alex).filter(wants_talk=True).first()
    assert flagged, "the demo's partner flagged an answer last week"
    flagged.language = "es"
    flagged.save()
    # Alex kept their own answer to it private: the question shows in the page's language.
    round_.answers.filter(person_id=alex, prompt=flagged.prompt).update(is_shared=False)

    german = clients["alex"].get(talk_path).content.decode()

    assert escape(flagged.prompt.text_de) in german
    assert escape(flagged.prompt.text_es) not in german
