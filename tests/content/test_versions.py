"""An answered prompt is never rewritten: new wording is a new version, answers keep theirs."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group

from checkins.models import Answer
from checkins.selectors import schedule_for_person
from checkins.services import round_ensure_at
from content.models import Prompt
from content.services import library_load
from tests.accounts.helpers import log_in
from tests.checkins.helpers import open_round, submit
from tests.factories import UserFactory, link_partners

pytestmark = pytest.mark.django_db

NEW_WORDING = "Since last time, how close have you felt to your partner?"


@pytest.fixture
def answered_prompt():
    library_load()
    alex, sam = UserFactory(), UserFactory()
    link_partners(alex, sam)
    round_ = open_round(alex)
    submit(round_, alex, score=4)
    return round_.round_prompts.get(dimension__slug="connection", is_pulse=False).prompt, alex


def change_form(prompt: Prompt, **changes) -> dict:
    data = {
        "dimension": prompt.dimension_id,
        "slug": prompt.slug,
        "text": prompt.text,
        "help_text": prompt.help_text,
        "scale_low": prompt.scale_low,
        "scale_mid": prompt.scale_mid,
        "scale_high": prompt.scale_high,
        "shared_by_default": "on" if prompt.shared_by_default else "",
        "is_active": "on" if prompt.is_active else "",
        "order": prompt.order,
        "sources": [source.pk for source in prompt.sources.all()],
    }
    data.update(changes)
    # The admin's form edits each language's column of a translated field: the keys above are
    # the English ones, and the German and Spanish are posted as they are (`text_de` among
    # `changes` changes one).
    form = {
        f"{key}_en" if key in Prompt.WORDING_FIELDS else key: value for key, value in data.items()
    }
    for field in Prompt.WORDING_FIELDS:
        for language in ("de", "es"):
            name = f"{field}_{language}"
            form.setdefault(name, getattr(prompt, name) or "")
    return {key: value for key, value in form.items() if value != ""}


def test_rewording_an_answered_prompt_makes_a_new_version_and_answers_keep_the_old(
    admin_client, answered_prompt
):
    prompt, alex = answered_prompt
    old_text = prompt.text

    response = admin_client.post(
        f"/admin/content/prompt/{prompt.pk}/change/", change_form(prompt, text=NEW_WORDING)
    )

    assert response.status_code == 302
    versions = Prompt.objects.filter(slug=prompt.slug).order_by("version")
    old, new = versions
    assert (old.text, old.version, old.is_active) == (old_text, 1, False)
    assert old.retired_at is not None
    assert (new.text, new.version, new.previous_id) == (NEW_WORDING, 2, old.pk)
    assert set(new.sources.all()) == set(old.sources.all())
    answer = Answer.objects.get(person=alex, dimension__slug="connection", is_pulse=False)
    assert answer.prompt.text == old_text


def test_a_reworded_question_keeps_its_turn_and_comes_back_in_its_new_words(
    admin_client, answered_prompt
):
    prompt, alex = answered_prompt
    admin_client.post(
        f"/admin/content/prompt/{prompt.pk}/change/", change_form(prompt, text=NEW_WORDING)
    )
    schedule = schedule_for_person(alex)

    # Just asked, it waits its turn like any other: new words make no new question.
    next_week = round_ensure_at(schedule, datetime(2027, 1, 3, 19, tzinfo=UTC))
    asked = next_week.round_prompts.get(dimension__slug="connection", is_pulse=False)
    assert asked.prompt.slug != prompt.slug
    # When its turn comes (here: the only one left), it is asked in the new words.
    Prompt.objects.filter(dimension__slug="connection", kind="reflection").exclude(
        slug=prompt.slug
    ).update(is_active=False)
    later = round_ensure_at(schedule, datetime(2027, 1, 10, 19, tzinfo=UTC))
    asked = later.round_prompts.get(dimension__slug="connection", is_pulse=False)
    assert asked.prompt.text == NEW_WORDING


def test_an_unanswered_prompt_is_edited_in_place(admin_client):
    library_load()
    prompt = Prompt.objects.get(slug="desire-felt-wanted")

    admin_client.post(
        f"/admin/content/prompt/{prompt.pk}/change/", change_form(prompt, text=NEW_WORDING)
    )

    assert Prompt.objects.filter(slug=prompt.slug).count() == 1
    assert Prompt.objects.get(pk=prompt.pk).text == NEW_WORDING


def test_changing_only_the_order_of_an_answered_prompt_needs_no_new_version(
    admin_client, answered_prompt
):
    prompt, _ = answered_prompt

    admin_client.post(f"/admin/content/prompt/{prompt.pk}/change/", change_form(prompt, order=9))

    assert Prompt.objects.filter(slug=prompt.slug).count() == 1
    assert Prompt.objects.get(pk=prompt.pk).order == 9


def test_an_answered_prompt_cannot_be_deleted_only_deactivated(admin_client, answered_prompt):
    prompt, _ = answered_prompt
    unanswered = Prompt.objects.exclude(answers__isnull=False).first()

    assert admin_client.get(f"/admin/content/prompt/{prompt.pk}/delete/").status_code == 403
    assert admin_client.get(f"/admin/content/prompt/{unanswered.pk}/delete/").status_code == 200


def test_answers_and_notes_have_no_admin_page_for_anyone(client, admin_client, answered_prompt):
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Content editors"))
    log_in(client, editor.email)

    for path in ("/admin/checkins/answer/", "/admin/checkins/submission/"):
        assert client.get(path).status_code == 404
        assert admin_client.get(path).status_code == 404
    assert "Answer" not in admin_client.get("/admin/").content.decode()


@pytest.mark.parametrize("reword", [True, False])
def test_taking_another_questions_slug_is_refused_on_the_form(
    admin_client, answered_prompt, reword
):
    # Was an IntegrityError (a 500): the form skipped the unique constraints on slug, which
    # involve fields it does not edit (version, retired_at).
    prompt, _ = answered_prompt
    taken = Prompt.objects.exclude(slug=prompt.slug).first().slug
    changes = {"slug": taken, "text": NEW_WORDING if reword else prompt.text}
    count = Prompt.objects.count()

    response = admin_client.post(
        f"/admin/content/prompt/{prompt.pk}/change/", change_form(prompt, **changes)
    )

    assert response.status_code == 200
    assert "Another question already uses this slug." in response.content.decode()
    assert Prompt.objects.count() == count
    prompt.refresh_from_db()
    assert prompt.retired_at is None


def test_a_new_question_cannot_take_a_retired_questions_slug(admin_client, answered_prompt):
    prompt, _ = answered_prompt
    admin_client.post(
        f"/admin/content/prompt/{prompt.pk}/change/", change_form(prompt, text=NEW_WORDING)
    )
    data = change_form(prompt, text="A new question", order=9)

    response = admin_client.post("/admin/content/prompt/add/", data)

    assert response.status_code == 200
    assert "Another question already uses this slug." in response.content.decode()
    assert Prompt.objects.filter(slug=prompt.slug).count() == 2


def test_a_slug_can_stay_or_change_to_a_new_one(admin_client, answered_prompt):
    prompt, _ = answered_prompt

    kept = admin_client.post(
        f"/admin/content/prompt/{prompt.pk}/change/", change_form(prompt, text=NEW_WORDING)
    )
    current = Prompt.objects.current().get(slug=prompt.slug)
    renamed = admin_client.post(
        f"/admin/content/prompt/{current.pk}/change/", change_form(current, slug="brand-new")
    )

    assert kept.status_code == renamed.status_code == 302
    assert Prompt.objects.current().filter(slug="brand-new").count() == 1


def test_a_retired_version_is_shown_but_cannot_be_edited(admin_client, answered_prompt):
    prompt, _ = answered_prompt
    admin_client.post(
        f"/admin/content/prompt/{prompt.pk}/change/", change_form(prompt, text=NEW_WORDING)
    )
    prompt.refresh_from_db()
    assert prompt.retired_at is not None
    versions = Prompt.objects.filter(slug=prompt.slug).count()

    page = admin_client.get(f"/admin/content/prompt/{prompt.pk}/change/").content.decode()
    response = admin_client.post(
        f"/admin/content/prompt/{prompt.pk}/change/",
        {**change_form(prompt, text="A third wording"), "is_active": "on"},
    )

    assert 'name="text_en"' not in page and 'name="text_de"' not in page
    assert response.status_code == 302
    prompt.refresh_from_db()
    assert (prompt.text, prompt.is_active) != ("A third wording", True)
    assert Prompt.objects.filter(slug=prompt.slug).count() == versions


def pulse_form(prompt: Prompt, **changes) -> dict:
    labels = {
        "scale_2": prompt.scale_2,
        "scale_4": prompt.scale_4,
        "not_applicable_label": prompt.not_applicable_label,
    }
    return change_form(prompt, **(labels | changes))


def test_rewording_a_pulse_item_keeps_it_a_pulse_item_and_marks_its_charts(
    admin_client, answered_prompt
):
    _, alex = answered_prompt
    pulse = Prompt.objects.get(slug="pulse-connection")
    assert pulse.answers.exists()

    response = admin_client.post(
        f"/admin/content/prompt/{pulse.pk}/change/",
        pulse_form(pulse, text=NEW_WORDING, kind="reflection"),
    )

    assert response.status_code == 302
    revised = Prompt.objects.current().get(slug="pulse-connection")
    # The kind cannot change on an edit: its answers were stored as pulse answers.
    assert (revised.version, revised.kind, revised.text) == (2, "pulse", NEW_WORDING)
    later = round_ensure_at(schedule_for_person(alex), datetime(2027, 1, 3, 19, tzinfo=UTC))
    assert later.round_prompts.get(dimension__slug="connection", is_pulse=True).prompt == revised


def test_a_pulse_item_needs_every_label_and_its_theme_only_one(admin_client, library):
    connection = Prompt.objects.get(slug="pulse-connection")
    new = pulse_form(connection, slug="second-pulse", kind="pulse", scale_2="", text="Another?")

    response = admin_client.post("/admin/content/prompt/add/", new)

    assert response.status_code == 200
    html = response.content.decode()
    assert "A pulse item needs a label on every point of its scale." in html
    assert "This theme already has a pulse item" in html
    assert not Prompt.objects.filter(slug="second-pulse").exists()


def test_a_pulse_item_cannot_be_switched_off(admin_client, library):
    pulse = Prompt.objects.get(slug="pulse-desire")
    reflection = Prompt.objects.filter(kind="reflection").first()

    edited = admin_client.post(
        f"/admin/content/prompt/{pulse.pk}/change/", pulse_form(pulse, is_active="")
    )
    action = admin_client.post(
        "/admin/content/prompt/",
        {"action": "deactivate", "_selected_action": [pulse.pk, reflection.pk]},
        follow=True,
    )

    assert edited.status_code == 200
    assert "A pulse item stays active" in edited.content.decode()
    assert "Pulse items stay active" in action.content.decode()
    pulse.refresh_from_db()
    reflection.refresh_from_db()
    assert pulse.is_active and not reflection.is_active
