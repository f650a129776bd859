"""The profile: the name a partner sees, the person's own zone, reminder preferences."""

from datetime import time

import pytest
import time_machine

from accounts.models import Profile
from tests.accounts.helpers import log_in
from tests.factories import UserFactory, link_partners

pytestmark = pytest.mark.django_db

VALID = {
    "display_name": "Kim",
    "time_zone": "Australia/Sydney",
    "reminders_enabled": "on",
    "quiet_hours_start": "22:00",
    "quiet_hours_end": "07:30",
}


def test_every_account_gets_a_profile_with_it():
    user = UserFactory()

    assert Profile.objects.get(user=user).time_zone == "UTC"


def test_profile_saves_name_zone_reminders_and_quiet_hours_across_midnight(client):
    user = UserFactory()
    log_in(client, user.email)

    response = client.post("/profile/", VALID)

    assert response.url == "/profile/"
    profile = Profile.objects.get(user=user)
    assert (profile.display_name, profile.time_zone) == ("Kim", "Australia/Sydney")
    assert profile.reminders_enabled is True
    assert (profile.quiet_hours_start, profile.quiet_hours_end) == (time(22), time(7, 30))


def test_reminders_can_be_turned_off_and_quiet_hours_cleared(client):
    user = UserFactory()
    log_in(client, user.email)

    client.post("/profile/", {**VALID, "reminders_enabled": "", "quiet_hours_start": "",
                              "quiet_hours_end": ""})  # fmt: skip

    profile = Profile.objects.get(user=user)
    assert profile.reminders_enabled is False
    assert profile.quiet_hours_start is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "Select a valid choice"),
        ({"quiet_hours_end": ""}, "both a start and an end"),
        ({"quiet_hours_start": ""}, "both a start and an end"),
        ({"quiet_hours_end": "22:00"}, "different times"),
        ({"quiet_hours_start": "25:00"}, "Enter a valid time"),
        ({"display_name": ""}, "This field is required"),
    ],
)
def test_bad_input_is_explained_on_the_form_keeps_what_was_typed_and_saves_nothing(
    client, change, message
):
    user = UserFactory()
    log_in(client, user.email)

    response = client.post("/profile/", {**VALID, **change})

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "onstraint" not in html  # plain words, never a database constraint's name
    assert 'aria-invalid="true"' in html or "form-errors" in html
    kept = {**VALID, **change}
    if kept["display_name"]:
        assert f'value="{kept["display_name"]}"' in html
    assert Profile.objects.get(user=user).time_zone == "UTC"


def test_profile_lists_every_zone_and_labels_every_field(client):
    log_in(client, UserFactory().email)

    html = client.get("/profile/").content.decode()

    assert '<option value="America/New_York"' in html
    for field in VALID:
        assert f'for="id_{field}"' in html


def test_dates_are_shown_in_each_persons_own_zone(client):
    # Linked at 23:30 UTC on 31 March: already 1 April in Paris, still 31 March in New York.
    alex, sam = UserFactory(), UserFactory()
    Profile.objects.filter(user=alex).update(time_zone="Europe/Paris")
    Profile.objects.filter(user=sam).update(time_zone="America/New_York")
    with time_machine.travel("2026-03-31 23:30Z", tick=False):
        link_partners(alex, sam)

    log_in(client, alex.email)
    assert "since 1 April 2026" in client.get("/partner/").content.decode()
    client.post("/accounts/logout/")
    log_in(client, sam.email)
    assert "since 31 March 2026" in client.get("/partner/").content.decode()


def test_a_daylight_saving_change_moves_local_times_by_the_right_hour(client):
    # Made at 22:00 summer time in Paris (20:00 UTC); seven days later Paris is on winter time
    # (it changed on 25 October), so the same instant reads 21:00 there.
    user = UserFactory()
    Profile.objects.filter(user=user).update(time_zone="Europe/Paris")
    log_in(client, user.email)

    with time_machine.travel("2026-10-24 20:00Z", tick=False):
        client.post("/partner/invite/", {"email": ""})
        page = client.get("/partner/").content.decode()

    assert "until 31 October 2026, 21:00" in page
