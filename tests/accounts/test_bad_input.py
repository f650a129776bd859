"""The profile form under random and hostile input (issue #8, Bad input): no 500; either what
was sent is saved, or a 400 with an error, the profile unchanged and the typed values shown."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from accounts.models import Profile, available_time_zones
from tests.accounts.helpers import log_in
from tests.factories import UserFactory
from tests.hostile import (
    assert_option_kept,
    assert_refused_with_input_kept,
    hostile_text,
    hostile_time,
    last,
    mutate,
    snapshot,
)

pytestmark = pytest.mark.django_db

ZONES = sorted(available_time_zones())
bad_zones = st.sampled_from(
    [
        "Mars/Olympus_Mons",
        "utc",
        "Europe/Paris ",
        "UTC\x00",
        "../../../etc/passwd",
        "Europe",
        "+02:00",
        "localtime",
        "posixrules/../UTC",
    ]
)
PROFILE_FIELDS = {
    "display_name": st.one_of(st.sampled_from(["Sam", "Zoë", "李"]), hostile_text),
    "time_zone": st.one_of(st.sampled_from(ZONES), bad_zones, hostile_text),
    "reminders_enabled": st.one_of(st.just("on"), hostile_text),
    "quiet_hours_start": hostile_time,
    "quiet_hours_end": hostile_time,
}


def test_hostile_profiles_are_refused_whole_with_what_was_typed(client):
    person = UserFactory()
    log_in(client, person.email)
    valid = {
        "display_name": "Alex",
        "time_zone": "Europe/Paris",
        "reminders_enabled": "on",
        "quiet_hours_start": "22:00",
        "quiet_hours_end": "07:00",
    }

    def state():
        return snapshot(lambda: Profile.objects.filter(user=person).values())

    @given(data=mutate(valid, PROFILE_FIELDS))
    @example(data={**valid, "display_name": "a\x00b"})
    @example(data={**valid, "time_zone": "Not/AZone"})
    @example(data={**valid, "quiet_hours_end": "22:00"})
    @example(data={**valid, "quiet_hours_end": ""})
    @example(data={**valid, "display_name": ["Alex", "x" * 51]})
    def check(data):
        before = state()

        response = client.post("/profile/", data)

        if response.status_code == 302:
            profile = Profile.objects.get(user=person)
            assert profile.display_name == last(data["display_name"]).strip()
            assert profile.time_zone == last(data["time_zone"])
            return
        html = assert_refused_with_input_kept(
            response, data, ["display_name", "quiet_hours_start", "quiet_hours_end"]
        )
        assert state() == before, "a refused profile changed the saved profile"
        zone = last(data.get("time_zone"))
        assert_option_kept(html, "time_zone", zone if zone in ZONES else None)

    check()
