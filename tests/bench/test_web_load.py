"""The web load test, small: people log in through the real form, each request wrk sends gets
the page it is meant to (no redirect to log-in, no form error), and a submit saves answers,
also as the second step of a person's evening."""

import shutil
import urllib.request

import pytest

from bench import datagen
from bench.web_load import EVENING_STEPS, SCENARIOS, log_in, request_lines, run_wrk
from checkins.models import Answer
from couples.models import CoupleMember
from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# A submit redirects to the page it saved; every other request gets its page.
EXPECTED_STATUS = {"GET": 200, "POST": 302}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _send(base_url: str, line: str) -> int:
    method, path, cookie, body = line.split("\t")
    request = urllib.request.Request(
        base_url + path,
        data=body.encode() or None,
        method=method,
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        return urllib.request.build_opener(_NoRedirect).open(request, timeout=30).status
    except urllib.error.HTTPError as response:
        return response.code


@pytest.fixture
def signed_in(postgres, library, live_server):
    datagen.generate(couples=2, weeks=3, password=DEFAULT_PASSWORD, seed=5)
    emails = CoupleMember.objects.order_by("couple", "slot").values_list("user__email", flat=True)
    return [log_in(live_server.url, email, DEFAULT_PASSWORD) for email in emails]


def test_every_scenario_request_gets_its_page(signed_in, live_server):
    for scenario in SCENARIOS:
        lines = request_lines(signed_in, scenario, connections=2)
        steps = len(EVENING_STEPS) if scenario == "evening" else 1
        assert len(lines) == 4 * steps
        for line in lines:
            method = line.split("\t")[0]
            assert _send(live_server.url, line) == EXPECTED_STATUS[method], (scenario, line)


def test_an_evening_saves_each_persons_answers(signed_in, live_server):
    for line in request_lines(signed_in, "evening", connections=2):
        _send(live_server.url, line)

    for person in signed_in:
        answers = Answer.objects.filter(person__email=person.email, round__code=person.round_code)
        assert answers.count() == 8, person.email


def test_a_submit_saves_the_persons_eight_answers(signed_in, live_server):
    person = signed_in[0]
    (line,) = request_lines([person], "checkin_submit")

    _send(live_server.url, line)

    answers = Answer.objects.filter(person__email=person.email, round__code=person.round_code)
    assert answers.count() == 8  # a pulse item and a reflection question per dimension


@pytest.mark.skipif(not shutil.which("wrk"), reason="needs wrk: `make test` installs it as root")
def test_wrk_drives_each_page_without_errors(signed_in, live_server):
    for scenario in SCENARIOS:
        result = run_wrk(
            live_server.url,
            request_lines(signed_in, scenario, connections=2),
            connections=2,
            threads=1,
            duration=1,
        )
        assert result["requests"] > 0, scenario
        assert result["errors"] == 0, (scenario, result)


def test_the_replayed_cookies_carry_no_message_already_shown(signed_in):
    # A "signed in" message replayed with every request would render the message on every
    # page: not what a browser, which shows it once, costs.
    assert all("messages=" not in person.cookie for person in signed_in)
    assert all("sessionid=" in person.cookie for person in signed_in)
