"""The check-in page is served from an encrypted cache (intimacy.private_cache): whatever changes
what it shows must show at once, nothing may be readable in the cache, and the page must work
the same when the cache is down."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from checkins.models import Round
from checkins.selectors import get_round_for_user, round_prompts_of
from content.models import Dimension, Practice
from content.version import content_version
from couples.services import couple_end_for_user
from intimacy import private_cache
from privacy.services import account_delete
from tests.accounts.helpers import log_in
from tests.checkins.helpers import form_data, open_round, submit
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NOTE = "CACHED-NOTE-5e1a"


def cache_key(round_, person) -> str:
    return f"{private_cache.KEY_PREFIX}:round:{round_.pk}:{person.pk}"


def view(client, round_) -> str:
    response = client.get(f"/checkin/{round_.code}/")
    assert response.status_code == 200
    return response.content.decode()


def cached_view(client, person, round_) -> str:
    """The page as `person` sees it once it is in the cache (the first view after logging in
    shows the log-in message, and such a page is not stored)."""
    view(client, round_)
    html = view(client, round_)
    assert cache.get(cache_key(round_, person)) is not None
    return html


def signed_in(person) -> Client:
    client = Client()
    log_in(client, person.email)
    return client


def partner_section(html: str) -> str:
    return html.split('id="partner-heading"', 1)[1].split("</section>", 1)[0]


def test_a_cached_page_costs_four_queries_and_shows_the_same(couple, django_assert_max_num_queries):
    alex, _ = couple
    round_ = open_round(alex)
    submit(round_, alex, score=2, note=NOTE)
    client = signed_in(alex)
    first = cached_view(client, alex, round_)

    # Session, person, profile, and the round with what decides the stamp: nothing else.
    with django_assert_max_num_queries(4):
        again = view(client, round_)

    assert NOTE in first
    assert NOTE in again
    assert private_cache.csrf_placeholder() not in again
    assert again.count("csrfmiddlewaretoken") == first.count("csrfmiddlewaretoken")


def test_what_the_cache_holds_is_encrypted(couple):
    alex, _ = couple
    round_ = open_round(alex)
    submit(round_, alex, score=2, note=NOTE)
    cached_view(signed_in(alex), alex, round_)

    stored = cache.get(cache_key(round_, alex))

    assert NOTE.encode() not in stored
    assert b"Your answers" not in stored


def test_answers_saved_on_the_page_show_on_the_next_view(couple):
    alex, _ = couple
    round_ = open_round(alex)
    client = signed_in(alex)
    assert NOTE not in cached_view(client, alex, round_)

    response = client.post(f"/checkin/{round_.code}/", form_data(round_, note=NOTE), follow=True)

    assert NOTE in response.content.decode()
    assert NOTE in view(client, round_)  # and again, from the cache


def test_the_partner_sharing_shows_on_a_page_already_cached(couple):
    alex, sam = couple
    round_ = open_round(alex)
    submit(round_, alex, score=3)
    client = signed_in(alex)
    assert NOTE not in partner_section(cached_view(client, alex, round_))

    submit(round_, sam, score=4, note=NOTE, shared=True)

    assert NOTE in partner_section(view(client, round_))


def test_unlinking_stops_a_cached_page_at_once(couple):
    alex, sam = couple
    round_ = open_round(alex)
    client = signed_in(sam)
    assert "Save my answers" in cached_view(client, sam, round_)

    couple_end_for_user(user=alex)
    html = view(client, round_)

    assert "Save my answers" not in html
    assert "closed" in html


def test_the_page_turns_to_closed_when_the_round_closes(couple):
    alex, sam = couple
    round_ = open_round(alex)
    submit(round_, sam, score=4, note=NOTE, shared=True)
    client = signed_in(alex)
    html = cached_view(client, alex, round_)
    assert "open until" in html
    assert NOTE not in html  # Alex has not answered: nothing revealed yet

    with time_machine.travel(round_.closes_at + timedelta(minutes=1), tick=False):
        closed = view(client, round_)

    assert "open until" not in closed
    assert NOTE in partner_section(closed)


def test_hiding_the_care_note_hides_it_on_the_next_view(couple):
    alex, _ = couple
    earlier = open_round(alex, opened=timedelta(days=1, hours=1))
    Round.objects.filter(pk=earlier.pk).update(closes_at=earlier.opens_at + timedelta(hours=2))
    obligation = {"connection": 3, "communication": 3, "desire": 3, "obligation": 5}
    submit(earlier, alex, score=obligation, now=earlier.opens_at)
    round_ = open_round(alex)
    submit(round_, alex, score=obligation)
    client = signed_in(alex)
    assert "A thought, just for you" in cached_view(client, alex, round_)

    client.post(f"/checkin/{round_.code}/care-note/dismiss/")

    assert "A thought, just for you" not in view(client, round_)


def test_an_edit_in_the_content_library_shows_on_cached_pages(
    couple, django_capture_on_commit_callbacks
):
    alex, _ = couple
    round_ = open_round(alex)
    client = signed_in(alex)
    cached_view(client, alex, round_)

    with django_capture_on_commit_callbacks(execute=True):
        dimension = Dimension.objects.get(slug="desire")
        dimension.name = "Wanting and being wanted"
        dimension.save()

    assert "Wanting and being wanted" in view(client, round_)


def test_a_practice_renamed_in_the_library_shows_on_cached_pages(
    couple, django_capture_on_commit_callbacks
):
    alex, _ = couple
    round_ = open_round(alex)
    submit(round_, alex, score=1)
    client = signed_in(alex)
    html = cached_view(client, alex, round_)
    practice = next(p for p in Practice.objects.filter(is_active=True) if p.title in html)

    with django_capture_on_commit_callbacks(execute=True):
        practice.title = "A slow evening walk"
        practice.save()

    assert "A slow evening walk" in view(client, round_)


def test_the_admins_bulk_actions_renew_the_content_version(
    library, django_capture_on_commit_callbacks
):
    # Activate and deactivate update rows without a signal: they renew the version themselves,
    # so that every cached page built from the old library is rendered again.
    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))
    practice = Practice.objects.filter(is_active=True).first()
    before = content_version()

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            "/admin/content/practice/",
            {"action": "deactivate", "_selected_action": [practice.pk]},
        )

    practice.refresh_from_db()
    assert not practice.is_active
    assert content_version() != before


def test_a_page_cached_for_one_session_carries_a_working_token_in_the_next(couple):
    alex, _ = couple
    round_ = open_round(alex)
    first = Client(enforce_csrf_checks=True)
    log_in_with_token(first, alex)
    cached_view(first, alex, round_)

    second = Client(enforce_csrf_checks=True)
    log_in_with_token(second, alex)
    view(second, round_)  # shows the log-in message: not from the cache
    html = view(second, round_)  # from the cache
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = second.post(
        f"/checkin/{round_.code}/", {**form_data(round_, note=NOTE), "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert NOTE in view(second, round_)


def log_in_with_token(client, person) -> None:
    page = client.get("/accounts/login/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/accounts/login/",
        {"login": person.email, "password": DEFAULT_PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_the_page_works_when_the_cache_is_down(couple, monkeypatch):
    alex, _ = couple
    round_ = open_round(alex)
    submit(round_, alex, score=2, note=NOTE)
    client = signed_in(alex)
    view(client, round_)

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(private_cache.cache, "get_many", unreachable)

    assert NOTE in view(client, round_)


def test_a_page_is_shown_in_the_viewers_new_time_zone(couple):
    alex, _ = couple
    round_ = open_round(alex)
    client = signed_in(alex)
    cached_view(client, alex, round_)
    closes_utc = f"{round_.closes_at:%H:%M}"
    alex.profile.time_zone = "Asia/Kolkata"  # UTC+5:30 all year
    alex.profile.save()

    html = view(client, round_)

    kolkata = (round_.closes_at + timedelta(hours=5, minutes=30)).strftime("%H:%M")
    assert f", {kolkata}</p>" in html
    assert closes_utc != kolkata


def test_a_deleted_partners_answers_leave_a_former_partners_cached_page(couple):
    alex, sam = couple
    round_ = open_round(alex)
    submit(round_, sam, score=4, note=NOTE, shared=True)
    submit(round_, alex, score=3)
    couple_end_for_user(user=alex)  # unlinked first: the deletion changes no couple
    client = signed_in(alex)
    assert NOTE in partner_section(cached_view(client, alex, round_))

    account_delete(user=sam)

    assert NOTE not in view(client, round_)


def test_a_new_secret_key_renders_pages_stored_under_the_old_one(couple, settings):
    alex, _ = couple
    round_ = open_round(alex)
    client = signed_in(alex)
    old_placeholder = private_cache.csrf_placeholder()
    cached_view(client, alex, round_)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]  # sessions stay valid
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40

    html = view(client, round_)

    assert private_cache.csrf_placeholder() != old_placeholder
    assert old_placeholder not in html
    assert 'name="csrfmiddlewaretoken" value="' in html


def test_the_cached_prompts_of_a_round_carry_nothing_of_the_person_who_asked(couple):
    alex, _ = couple
    round_ = open_round(alex)
    asked = get_round_for_user(round_.code, alex)  # holds Alex's membership and revision

    round_prompts_of(asked)
    (_, stored) = cache.get(f"content-cached:round-prompts:{round_.pk}")

    assert stored
    assert all("round" not in prompt._state.fields_cache for prompt in stored)
