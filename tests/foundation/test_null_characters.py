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
