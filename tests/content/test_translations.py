"""The content library in German and Spanish (django-modeltranslation, content/translation.py):
loaded from content/library/library.de.toml and library.es.toml beside the English, kept when an
admin edits it, carried into a prompt's new version, and shown to each person in their own
language, while an answer keeps the words it was asked in."""

import json
import tomllib
from html import unescape

import pytest
from django.utils import translation

from checkins.models import Answer
from content.models import Dimension, Practice, Prompt, SafetyChoice, SafetyQuestion
from content.services import DEFAULT_LIBRARY, TRANSLATED_FIELDS, library_load, translation_paths
from privacy.selectors import personal_data_export
from tests.checkins.helpers import form_data, open_round, submit
from tests.content.test_versions import change_form
from trends.views import _csv_rows

pytestmark = pytest.mark.django_db

MODELS = {
    "dimensions": Dimension,
    "prompts": Prompt,
    "practices": Practice,
    "safety_questions": SafetyQuestion,
}


@pytest.fixture(autouse=True)
def _english_after():
    """A request activates its person's language for the thread, and Django leaves it active
    after the response: the tests after these ones expect English."""
    yield
    translation.deactivate()


def _read(path) -> dict:
    with path.open("rb") as library_file:
        return tomllib.load(library_file)


ENGLISH = _read(DEFAULT_LIBRARY)
TRANSLATIONS = {language: _read(path) for language, path in translation_paths().items()}


def _shape(markdown: str) -> list[str]:
    """A Markdown body's layout: per line, blank, a bullet, a numbered step or text."""
    shapes = []
    for line in markdown.strip().split("\n"):
        if not line.strip():
            shapes.append("blank")
        elif line.startswith("- "):
            shapes.append("bullet")
        elif line[:1].isdigit() and line.split(" ", 1)[0].endswith("."):
            shapes.append("step")
        else:
            shapes.append("text")
    return shapes


def _translated_state() -> list:
    """Every language's column of every translated field of the library."""
    state = []
    for section, model in MODELS.items():
        names = ["pk"] + [
            f"{f}_{lang}" for f in TRANSLATED_FIELDS[section] for lang in ("en", "de", "es")
        ]
        state.append(list(model.objects.order_by("pk").values_list(*names)))
    state.append(
        list(SafetyChoice.objects.order_by("pk").values_list("pk", "label_de", "label_es"))
    )
    return state


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return unescape(response.content.decode())


def _set_language(user, language: str) -> None:
    user.profile.language = language
    user.profile.save(update_fields=["language"])


# --- The files ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "es"])
def test_every_library_item_has_every_text_translated(language):
    """A completeness check over library.toml and its two translations: one table per item by
    section and slug, every translated field there and not blank, nothing the English lacks,
    each text within its column's length, and a safety question's choices one for one."""
    translated = TRANSLATIONS[language]
    problems = []
    for section, fields in TRANSLATED_FIELDS.items():
        model = MODELS[section]
        slugs = {item["slug"] for item in ENGLISH[section]}
        extra = set(translated.get(section, {})) - slugs
        problems += [f"{section}.{slug}: not in library.toml" for slug in extra]
        for item in ENGLISH[section]:
            table = translated.get(section, {}).get(item["slug"])
            if table is None:
                problems.append(f"{section}.{item['slug']}: missing")
                continue
            allowed = set(fields) | ({"choices"} if section == "safety_questions" else set())
            problems += [
                f"{section}.{item['slug']}.{k}: unknown field" for k in set(table) - allowed
            ]
            for name in fields:
                english, text = item.get(name, ""), table.get(name, "")
                if english.strip() and not text.strip():
                    problems.append(f"{section}.{item['slug']}.{name}: blank")
                if text and not english:
                    problems.append(f"{section}.{item['slug']}.{name}: the English has none")
                max_length = model._meta.get_field(name).max_length
                if max_length and len(text) > max_length:
                    problems.append(f"{section}.{item['slug']}.{name}: over {max_length}")
            if section == "practices" and _shape(table.get("body", "")) != _shape(item["body"]):
                problems.append(
                    f"{section}.{item['slug']}.body: not the English's paragraphs and lists"
                )
            if section == "safety_questions":
                choices = table.get("choices", [])
                if len(choices) != len(item["choices"]) or not all(c.strip() for c in choices):
                    problems.append(f"{section}.{item['slug']}.choices: not one for one")
                label_length = SafetyChoice._meta.get_field("label").max_length
                if any(len(choice) > label_length for choice in choices):
                    problems.append(f"{section}.{item['slug']}.choices: over {label_length}")
    assert problems == []


def test_the_translations_use_the_glossary_for_the_themes():
    names = {
        language: {
            item: table["name"] for item, table in TRANSLATIONS[language]["dimensions"].items()
        }
        for language in ("de", "es")
    }
    assert names["de"] == {
        "connection": "Verbundenheit",
        "communication": "Kommunikation",
        "desire": "Begehren",
        "obligation": "Pflichtgefühl",
    }
    assert names["es"] == {
        "connection": "Conexión",
        "communication": "Comunicación",
        "desire": "Deseo",
        "obligation": "Obligación",
    }


# --- Loading --------------------------------------------------------------------------------


def test_load_content_fills_german_and_spanish(library):
    for language in ("de", "es"):
        translated = TRANSLATIONS[language]
        for section, model in MODELS.items():
            for slug, table in translated[section].items():
                row = model.objects.get(slug=slug)
                for name in TRANSLATED_FIELDS[section]:
                    expected = table.get(name, "")
                    if section == "practices" and name == "body":
                        expected = expected.strip()
                    assert (getattr(row, f"{name}_{language}") or "") == expected, (slug, name)
        question = SafetyQuestion.objects.get(slug="no-was-respected")
        assert [getattr(c, f"label_{language}") for c in question.choices.all()] == (
            translated["safety_questions"]["no-was-respected"]["choices"]
        )
    # The plain field is the active language's, and English by default.
    prompt = Prompt.objects.get(slug="pulse-connection")
    assert prompt.text == prompt.text_en == ENGLISH["prompts"][0]["text"]
    with translation.override("de"):
        assert prompt.text == TRANSLATIONS["de"]["prompts"]["pulse-connection"]["text"]


def test_loading_twice_changes_nothing(library):
    before = _translated_state()

    report = library_load()

    assert report.created == {} and report.translated == 0
    assert _translated_state() == before


def test_an_admins_german_survives_a_reload_and_a_blank_one_is_filled(admin_client, library):
    dimension = Dimension.objects.get(slug="connection")
    data = {
        f"{name}_{language}": getattr(dimension, f"{name}_{language}") or ""
        for name in TRANSLATED_FIELDS["dimensions"]
        for language in ("en", "de", "es")
    }
    data |= {
        "name_de": "Nähe",
        "description_es": "",  # an admin cleared it
        "slug": dimension.slug,
        "higher_is_better": "on",
        "order": dimension.order,
        "sources": [source.pk for source in dimension.sources.all()],
    }

    response = admin_client.post(f"/admin/content/dimension/{dimension.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    library_load()

    dimension.refresh_from_db()
    assert dimension.name_de == "Nähe"
    assert dimension.name_en == "Connection"
    # A blank translation is filled from the file: the page would show the English otherwise.
    assert dimension.description_es == TRANSLATIONS["es"]["dimensions"]["connection"]["description"]
    with translation.override("de"):
        assert Dimension.objects.get(pk=dimension.pk).name == "Nähe"


def test_a_blank_translation_shows_the_english(library):
    Practice.objects.filter(slug="weekly-date-night").update(title_de="", body_de=None)
    practice = Practice.objects.get(slug="weekly-date-night")

    with translation.override("de"):
        assert practice.title == practice.title_en == "A weekly date night"
        assert practice.body == practice.body_en


def test_a_translation_is_not_filled_beside_english_an_admin_reworded(library):
    Prompt.objects.filter(slug="connection-felt-safe").update(
        text_en="How at ease were you with your partner?", text_de=None
    )

    library_load()

    prompt = Prompt.objects.get(slug="connection-felt-safe")
    # The file's German translates the old English: the page shows the admin's English.
    assert prompt.text_de is None
    with translation.override("de"):
        assert prompt.text == "How at ease were you with your partner?"


# --- Versions -------------------------------------------------------------------------------


@pytest.fixture
def answered(couple):
    alex, sam = couple
    round_ = open_round(alex)
    submit(round_, alex, score=4)
    prompt = round_.round_prompts.get(dimension__slug="connection", is_pulse=False).prompt
    return prompt, round_, alex, sam


def test_a_prompt_reworded_in_the_admin_keeps_its_translations(admin_client, answered):
    prompt, *_ = answered

    response = admin_client.post(
        f"/admin/content/prompt/{prompt.pk}/change/", change_form(prompt, text="New words?")
    )

    assert response.status_code == 302
    new = Prompt.objects.current().get(slug=prompt.slug)
    assert new.version == 2 and new.text_en == "New words?"
    for field in Prompt.WORDING_FIELDS:
        for language in ("de", "es"):
            name = f"{field}_{language}"
            assert (getattr(new, name) or "") == (getattr(prompt, name) or ""), name


def test_a_new_german_wording_of_an_answered_prompt_is_a_new_version(admin_client, answered):
    prompt, *_ = answered
    old_german = prompt.text_de

    response = admin_client.post(
        f"/admin/content/prompt/{prompt.pk}/change/", change_form(prompt, text_de="Neue Worte?")
    )

    assert response.status_code == 302
    new = Prompt.objects.current().get(slug=prompt.slug)
    assert (new.version, new.text_en, new.text_de) == (2, prompt.text_en, "Neue Worte?")
    prompt.refresh_from_db()
    assert prompt.retired_at is not None and prompt.text_de == old_german
    assert prompt.answers.exists() and not new.answers.exists()


# --- People ---------------------------------------------------------------------------------


def test_each_partner_is_asked_in_their_own_language(client, couple):
    alex, sam = couple
    _set_language(alex, "de")
    _set_language(sam, "es")
    round_ = open_round(alex)
    asked = [rp.prompt for rp in round_.round_prompts.select_related("prompt")]

    client.force_login(alex)
    german = _page(client, f"/checkin/{round_.code}/")
    client.force_login(sam)
    spanish = _page(client, f"/checkin/{round_.code}/")

    for prompt in asked:
        assert prompt.text_de in german and prompt.text_en not in german
        assert prompt.text_es in spanish and prompt.text_en not in spanish
    pulse = next(prompt for prompt in asked if prompt.slug == "pulse-connection")
    assert pulse.scale_high_de in german and pulse.scale_high_es in spanish
    question = SafetyQuestion.objects.get(slug="no-was-respected")
    assert question.text_de in german and question.text_es in spanish


def test_an_answer_keeps_the_language_it_was_asked_in(client, couple):
    alex, sam = couple
    _set_language(alex, "de")
    round_ = open_round(alex)
    reflection = round_.round_prompts.get(dimension__slug="connection", is_pulse=False).prompt
    client.force_login(alex)
    response = client.post(
        f"/checkin/{round_.code}/", form_data(round_, score=4, note="Gut", shared=True)
    )
    assert response.status_code == 302

    assert set(Answer.objects.filter(person=alex).values_list("language", flat=True)) == {"de"}
    _set_language(alex, "en")
    history = _page(client, "/checkin/history/")
    reveal = _page(client, f"/checkin/{round_.code}/")
    # The CSV of pulse answers and the full export (both behind a password check as pages).
    csv = "".join(_csv_rows(alex, language="en"))
    export = json.dumps(personal_data_export(alex), ensure_ascii=False)

    assert reflection.text_de in history and reflection.text_en not in history
    assert reflection.text_de in reveal
    pulse = Prompt.objects.get(slug="pulse-connection")
    assert pulse.text_de in csv and pulse.scale_4_de in csv
    assert reflection.text_de in export and pulse.scale_4_de in export
    # In the reveal each sees the question in the words they answered it in.
    _set_language(sam, "es")
    client.force_login(sam)
    client.post(f"/checkin/{round_.code}/", form_data(round_, score=2, note="Bien", shared=True))
    assert reflection.text_es in _page(client, f"/checkin/{round_.code}/")
    client.force_login(alex)
    assert reflection.text_de in _page(client, f"/checkin/{round_.code}/")


def test_an_answer_where_the_translation_was_blank_keeps_the_english(client, couple):
    alex, _ = couple
    _set_language(alex, "de")
    round_ = open_round(alex)
    reflection = round_.round_prompts.get(dimension__slug="connection", is_pulse=False).prompt
    german = reflection.text_de
    Prompt.objects.filter(pk=reflection.pk).update(text_de=None)
    client.force_login(alex)
    client.post(f"/checkin/{round_.code}/", form_data(round_, score=4, note="Gut"))
    # The translation arrives later (load_content fills a blank one in place).
    Prompt.objects.filter(pk=reflection.pk).update(text_de=german)

    answer = Answer.objects.get(person=alex, prompt=reflection)
    assert answer.language == "en"
    assert reflection.text_en in _page(client, "/checkin/history/")


def test_theme_names_follow_the_viewers_language(client, couple):
    alex, _ = couple
    _set_language(alex, "de")
    client.force_login(alex)

    about = _page(client, "/about/questions/")
    trends = _page(client, "/trends/")

    assert "Verbundenheit" in about and "Pflichtgefühl" in about
    assert "Verbundenheit" in trends


def test_a_library_without_translations_shows_english_until_a_file_brings_them(db, tmp_path):
    """An installation that loaded the library before its translations existed."""
    english = tmp_path / "library.toml"
    english.write_bytes(DEFAULT_LIBRARY.read_bytes())

    library_load(path=english)

    question = SafetyQuestion.objects.get(slug="worried-about-a-no")
    assert question.text_de is None and {c.label_de for c in question.choices.all()} == {None}
    with translation.override("de"):
        assert Dimension.objects.get(slug="desire").name == "Desire"

    german = translation_paths()["de"]
    (tmp_path / german.name).write_bytes(german.read_bytes())
    report = library_load(path=english)

    assert report.created == {} and report.translated > 0
    question.refresh_from_db()
    assert question.text_de == TRANSLATIONS["de"]["safety_questions"]["worried-about-a-no"]["text"]
    assert [c.label_de for c in question.choices.all()] == (
        TRANSLATIONS["de"]["safety_questions"]["worried-about-a-no"]["choices"]
    )
    with translation.override("de"):
        assert Dimension.objects.get(slug="desire").name == "Begehren"
    # No Spanish file here: the Spanish stays blank and shows the English.
    with translation.override("es"):
        assert Dimension.objects.get(slug="desire").name == "Desire"


def test_the_talk_agenda_names_themes_in_the_viewers_language_and_questions_as_answered(couple):
    from talks.selectors import agenda_for, talk_round_for_user, topics_of
    from tests.talks.helpers import submit_with

    alex, sam = couple
    round_ = open_round(alex)
    with translation.override("de"):
        submit_with(round_, alex, talk={"connection-pulse"})
    submit_with(round_, sam, talk={"connection-pulse"})
    pulse = Prompt.objects.get(slug="pulse-connection")

    def flag(viewer):
        talk_round = talk_round_for_user(round_.code, viewer)
        items = agenda_for(
            talk_round, viewer=viewer, partner_name="P", topics=topics_of(talk_round)
        )
        return next((item.theme, item.title) for item in items if item.kind == "flag")

    with translation.override("de"):
        assert flag(alex) == ("Verbundenheit", pulse.text_de)
    assert flag(sam) == ("Connection", pulse.text_en)
