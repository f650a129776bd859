"""A NUL character in a URL gets a 400: PostgreSQL refuses NUL in text, which was a 500."""

import pytest

from tests.accounts.helpers import log_in
from tests.checkins.helpers import open_round

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/checkin/a\x00b/",
        "/checkin/a\x00b/care-note/dismiss/",
        "/checkin/history/?page=\x00",
        "/checkin/?x\x00=1",
    ],
)
def test_a_nul_in_a_url_is_a_bad_request(client, couple, path):
    alex, _ = couple
    log_in(client, alex.email)

    assert client.get(path).status_code == 400
    assert client.post(path).status_code == 400


def test_a_nul_in_an_admin_list_filter_is_a_bad_request(admin_client, library):
    # Was a 500 on PostgreSQL: the choices filter sends the value to the database as is.
    response = admin_client.get("/admin/content/practice/?suggest_when__exact=\x00")

    assert response.status_code == 400


def test_ordinary_urls_still_work(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)

    assert client.get(f"/checkin/{round_.code}/?from=reminder").status_code == 200


NUL = "a\x00b"


def _refused_on_postgres(
    client, path: str, data: dict, status: int = 400, message: str = "Null characters"
) -> None:
    response = client.post(path, data)
    assert response.status_code == status
    assert message in response.content.decode()


def test_nul_in_the_check_in_form_is_refused_on_postgres(postgres, client, couple):
    from checkins.models import Answer
    from tests.checkins.helpers import form_data

    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)
    data = {
        key: NUL if key.endswith("-note") else value for key, value in form_data(round_).items()
    }

    _refused_on_postgres(client, f"/checkin/{round_.code}/", data)
    assert not Answer.objects.exists()


def test_nul_in_the_profile_schedule_and_invitation_forms_is_refused_on_postgres(postgres, client):
    from accounts.models import Profile
    from checkins.models import Schedule
    from couples.models import Invitation
    from tests.factories import UserFactory

    person = UserFactory()
    log_in(client, person.email)
    client.get("/checkin/")
    profile = list(Profile.objects.values())
    schedule = list(Schedule.objects.values())

    _refused_on_postgres(
        client, "/profile/", {"display_name": NUL, "time_zone": "UTC", "quiet_hours_start": ""}
    )
    _refused_on_postgres(
        client,
        "/checkin/schedule/",
        {"cadence": NUL, "weekday": NUL, "time_of_day": NUL},
        message="Enter a valid time",  # choices and times refuse it as any other bad value
    )
    _refused_on_postgres(client, "/partner/invite/", {"email": f"{NUL}@example.com"})
    assert list(Profile.objects.values()) == profile
    assert list(Schedule.objects.values()) == schedule
    assert not Invitation.objects.exists()


def test_nul_in_the_content_admin_is_refused_on_postgres(postgres, admin_client, library):
    from content.models import Dimension, Practice, Source

    count = Practice.objects.count()
    data = {
        "slug": "nul",
        # The admin edits each language's column of a translated text (content/translation.py).
        "title_en": NUL,
        "body_en": NUL,
        "title_de": NUL,
        "dimension": str(Dimension.objects.first().pk),
        "suggest_when": "low",
        "score_min": "1",
        "score_max": "2",
        "minutes": "5",
        "sources": [str(Source.objects.first().pk)],
    }

    _refused_on_postgres(admin_client, "/admin/content/practice/add/", data, status=200)
    assert Practice.objects.count() == count
