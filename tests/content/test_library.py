"""The default library: loaded idempotently, never overwriting edits, covering what it must."""

import importlib
import tomllib

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import IntegrityError, transaction

from content.models import Dimension, Practice, Prompt, SafetyChoice, SafetyQuestion, Source
from content.services import DEFAULT_LIBRARY, library_load

pytestmark = pytest.mark.django_db

REQUIRED_PRACTICES = {
    "repeat-back-what-you-heard",
    "gratitude-and-appreciation",
    "thirty-minutes-undivided-attention",
    "weekly-date-night",
    "talk-about-desires-and-boundaries",
    "talk-about-conflicts-blocking-closeness",
    "non-sexual-affection",
    "self-care",
    "naming-duty-sex",
    "differing-levels-of-desire",
    "fear-of-vulnerability",
    "different-communication-styles",
    "past-hurt",
    "when-to-look-for-a-therapist",
}


def test_loading_twice_creates_nothing_twice():
    first = library_load()
    second = library_load()

    assert first.created == {
        "sources": 3,
        "dimensions": 4,
        "prompts": 38,
        "practices": 24,
        "safety questions": 2,
    }
    assert second.created == {}
    assert Prompt.objects.count() == 38
    assert Practice.objects.count() == 24
    assert SafetyChoice.objects.count() == 9


def test_loading_never_overwrites_an_admins_edits():
    library_load()
    Prompt.objects.filter(slug="connection-felt-close").update(text="Edited by an admin?")
    Practice.objects.filter(slug="weekly-date-night").update(title="Our own title", is_active=False)

    call_command("load_content", stdout=None)

    assert Prompt.objects.get(slug="connection-felt-close").text == "Edited by an admin?"
    practice = Practice.objects.get(slug="weekly-date-night")
    assert (practice.title, practice.is_active) == ("Our own title", False)


def test_a_deleted_item_comes_back_but_nothing_else_changes():
    library_load()
    Practice.objects.filter(slug="self-care").delete()

    report = library_load()

    assert report.created == {"practices": 1}
    assert Practice.objects.filter(slug="self-care").exists()


def test_library_covers_every_dimension_and_the_required_practices():
    library_load()

    assert list(Dimension.objects.values_list("slug", flat=True)) == [
        "connection",
        "communication",
        "desire",
        "obligation",
    ]
    for dimension in Dimension.objects.all():
        assert dimension.prompts.count() >= 6, dimension
        assert dimension.practices.exists(), dimension
    assert Practice.objects.count() >= 16
    assert set(Practice.objects.values_list("slug", flat=True)) >= REQUIRED_PRACTICES
    assert not Dimension.objects.get(slug="obligation").higher_is_better


def test_obligation_safety_limits_and_touch_start_private_and_the_others_shared():
    library_load()

    private = Prompt.objects.filter(shared_by_default=False)
    # Every obligation question, its pulse item included.
    assert private.filter(dimension__slug="obligation").count() == 9
    assert set(private.exclude(dimension__slug="obligation").values_list("slug", flat=True)) == {
        "connection-felt-safe",
        "communication-say-limits",
        "desire-touch-welcome",
    }
    assert set(Prompt.objects.filter(support_at_lowest=True).values_list("slug", flat=True)) == {
        "connection-felt-safe",
        "desire-touch-welcome",
    }


def test_safety_questions_keep_an_admins_edits_and_name_their_sources():
    library_load()
    question = SafetyQuestion.objects.get(slug="no-was-respected")
    question.choices.filter(label="Yes, every time").update(label="Yes, each time")

    library_load()

    assert question.choices.filter(label="Yes, each time").exists()
    assert not SafetyQuestion.objects.filter(sources=None).exists()
    for question in SafetyQuestion.objects.all():
        # Each has a way to answer that raises no concern, and one that brings the note.
        assert question.choices.filter(is_worrying=False).exists(), question
        assert question.choices.filter(is_worrying=True).exists(), question


def test_every_prompt_and_practice_names_a_source():
    library_load()

    assert not Prompt.objects.filter(sources=None).exists()
    assert not Practice.objects.filter(sources=None).exists()
    assert not Dimension.objects.filter(sources=None).exists()
    assert set(Source.objects.values_list("seed_file", flat=True)) == {
        "000_be8fbeed16496d6a.txt",
        "001_078269f3a702ea66.txt",
        "002_457807514407f897.txt",
    }


def test_desire_prompts_do_not_take_sex_as_the_only_intimacy():
    library_load()

    desire = list(Prompt.objects.filter(dimension__slug="desire"))
    about_sex_alone = [
        p.text for p in desire if "sex" in p.text.lower() and "affection" not in p.text.lower()
    ]
    assert len(about_sex_alone) <= 1, about_sex_alone
    assert any("affection" in p.text.lower() or "touch" in p.text.lower() for p in desire)


def test_practices_about_pressure_never_press():
    library_load()
    body = dict(Practice.objects.values_list("slug", "body"))

    assert body["naming-duty-sex"].startswith("If raising this with your partner feels risky, skip")
    assert "nobody's agreement" in body["make-no-safe-to-say"]
    assert "Agree together" not in body["make-no-safe-to-say"]
    assert "the longer they wait" not in body["when-to-look-for-a-therapist"]


def test_an_install_with_the_old_wording_gets_the_new_one_unless_an_admin_edited_it():
    library_load()
    migration = importlib.import_module("content.migrations.0005_gentler_practices")
    shipped_now = dict(Practice.objects.values_list("slug", "body"))
    for slug, shipped_before in migration.SHIPPED_BEFORE.items():
        Practice.objects.filter(slug=slug).update(body=shipped_before)
    Practice.objects.filter(slug="naming-duty-sex").update(body="An admin's own words.")

    migration.rewrite_unedited(django_apps, schema_editor=None)

    body = dict(Practice.objects.values_list("slug", "body"))
    assert body["make-no-safe-to-say"] == shipped_now["make-no-safe-to-say"]
    assert body["when-to-look-for-a-therapist"] == shipped_now["when-to-look-for-a-therapist"]
    assert body["naming-duty-sex"] == "An admin's own words."


def test_each_dimension_has_one_pulse_item_labelled_on_every_point():
    library_load()

    pulse = Prompt.objects.filter(kind=Prompt.Kind.PULSE).select_related("dimension")
    assert sorted(p.dimension.slug for p in pulse) == sorted(
        Dimension.objects.values_list("slug", flat=True)
    )
    for prompt in pulse:
        assert len(prompt.scale_labels()) == 5, prompt.slug
    # Where "it did not come up" can be true, it is a choice of its own.
    assert {p.dimension.slug for p in pulse if p.not_applicable_label} == {
        "communication",
        "obligation",
    }
    desire = pulse.get(dimension__slug="desire")
    # Content, not wanting: little or no desire that feels right scores high.
    assert "content" in desire.text and "not how much you want" in desire.help_text


def test_questions_ask_about_one_person_and_no_fixed_week():
    library_load()

    for prompt in Prompt.objects.all():
        text = prompt.text.lower()
        # The page names the time frame, from the schedule; partners' answers compare.
        assert "this past week" not in text, prompt.slug
        assert "you both" not in text and "each other" not in text, prompt.slug
        assert " one of you" not in text, prompt.slug


def test_a_second_pulse_item_for_a_dimension_is_refused_by_the_database():
    library_load()
    pulse = Prompt.objects.get(slug="pulse-connection")

    with pytest.raises(IntegrityError), transaction.atomic():
        Prompt.objects.create(
            slug="another-pulse",
            dimension=pulse.dimension,
            kind=Prompt.Kind.PULSE,
            text="Another?",
            scale_low="a",
            scale_2="b",
            scale_mid="c",
            scale_4="d",
            scale_high="e",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Prompt.objects.filter(pk=pulse.pk).update(scale_2="")


def test_reworded_questions_reach_installs_that_kept_the_shipped_wording(couple):
    """content/migrations/0007_one_thing_each.py, on a library as shipped before it."""
    from tests.checkins.helpers import open_round, submit

    migration = importlib.import_module("content.migrations.0007_one_thing_each")
    for slug, fields in migration.REWORDED.items():
        Prompt.objects.filter(slug=slug).update(
            **{field: before for field, (before, _) in fields.items()}
        )
    # One answered (it gets a new version), one an admin edited (it is left alone).
    alex, _ = couple
    round_ = open_round(alex)
    accepted = Prompt.objects.get(slug="connection-felt-accepted")
    round_.round_prompts.filter(dimension=accepted.dimension, is_pulse=False).update(
        prompt=accepted
    )
    submit(round_, alex)
    Prompt.objects.filter(slug="desire-closeness-fits").update(text="An admin's own question?")

    migration.reword_unedited(django_apps, schema_editor=None)

    current = {p.slug: p for p in Prompt.objects.current()}
    for slug, fields in migration.REWORDED.items():
        if slug == "desire-closeness-fits":
            continue
        for field, (_, after) in fields.items():
            assert getattr(current[slug], field) == after, (slug, field)
    assert current["desire-closeness-fits"].text == "An admin's own question?"
    revised = current["connection-felt-accepted"]
    assert (revised.version, revised.previous_id) == (2, accepted.pk)
    assert set(revised.sources.all()) == set(accepted.sources.all())
    answered = alex.answers.get(prompt=accepted)
    assert "this past week" in answered.prompt.text  # the answer keeps the text it answered
    # The migration gives what the library ships now, so new and old installs ask alike.
    with DEFAULT_LIBRARY.open("rb") as library_file:
        shipped = {item["slug"]: item for item in tomllib.load(library_file)["prompts"]}
    for slug, fields in migration.REWORDED.items():
        assert {field: after for field, (_, after) in fields.items()} == {
            field: shipped[slug].get(field, "") for field in fields
        }, slug
