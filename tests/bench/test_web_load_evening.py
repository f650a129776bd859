"""The evening scenario replays each person's peak-hour visit: the check-in page, the submit,
the page again, the dashboard. wrk sends up to `connections` lines at once, so a person's
steps must come in order and far enough apart that no step is sent before the one before it
has been answered."""

from itertools import pairwise

import pytest

from bench.web_load import (
    REQUESTS_PER_EVENING_COUPLE,
    SignedIn,
    couples_per_peak_hour,
    request_lines,
    with_ceiling_shares,
    with_evening_capacity,
)


def _people(count: int) -> list[SignedIn]:
    return [
        SignedIn(
            email=f"person{number}@example.test",
            cookie=f"sessionid=s{number}; csrftoken=c{number}",
            csrf_token=f"c{number}",
            round_code=f"round{number}",
            submit_body=f"csrfmiddlewaretoken=c{number}&a-score=3",
        )
        for number in range(count)
    ]


def _steps_by_person(lines: list[str]) -> dict[str, list[tuple[int, str, str, str]]]:
    """Each cookie's lines as (position, method, path, body), in the file's order."""
    steps: dict[str, list[tuple[int, str, str, str]]] = {}
    for position, line in enumerate(lines):
        method, path, cookie, body = line.split("\t")
        steps.setdefault(cookie, []).append((position, method, path, body))
    return steps


@pytest.mark.parametrize(("people", "connections"), [(100, 16), (32, 16), (1000, 16), (9, 2)])
def test_every_persons_evening_is_four_steps_in_order(people, connections):
    signed_in = _people(people)

    steps = _steps_by_person(request_lines(signed_in, "evening", connections=connections))

    assert len(steps) == people
    for person in signed_in:
        own = [(method, path, body) for _, method, path, body in steps[person.cookie]]
        page = f"/checkin/{person.round_code}/"
        assert own == [
            ("GET", page, ""),
            ("POST", page, person.submit_body),
            ("GET", page, ""),
            ("GET", "/trends/", ""),
        ]


@pytest.mark.parametrize(
    ("people", "connections"), [(100, 16), (32, 16), (63, 16), (1000, 16), (9, 2), (200, 32)]
)
def test_a_persons_steps_are_further_apart_than_the_connections(people, connections):
    lines = request_lines(_people(people), "evening", connections=connections)

    for own in _steps_by_person(lines).values():
        positions = [position for position, *_ in own]
        gaps = [later - earlier for earlier, later in pairwise(positions)]
        # wrk starts the file again after its last line: from the last step to the first.
        gaps.append(positions[0] + len(lines) - positions[-1])
        assert min(gaps) >= 2 * connections, (positions, len(lines))


def test_fewer_people_than_twice_the_connections_make_one_block():
    lines = request_lines(_people(5), "evening", connections=16)

    for own in _steps_by_person(lines).values():
        assert [position % 5 for position, *_ in own] == [own[0][0]] * 4
        assert [position // 5 for position, *_ in own] == [0, 1, 2, 3]


def test_the_other_scenarios_stay_one_line_per_person():
    signed_in = _people(40)

    for scenario in ("ceiling", "checkin_page", "checkin_submit", "dashboard"):
        lines = request_lines(signed_in, scenario, connections=16)
        assert [line.split("\t")[2] for line in lines] == [p.cookie for p in signed_in]


def test_the_evening_counts_couples_per_peak_hour_from_its_rate():
    runs = with_evening_capacity(
        with_ceiling_shares(
            [
                {"scenario": "ceiling", "rps": 600.0},
                {"scenario": "dashboard", "rps": 300.0},
                {"scenario": "ceiling", "rps": 500.0},
                {"scenario": "evening", "rps": 200.0},
            ]
        )
    )

    # Two partners, four requests each: 200 requests/s serve 200 x 3600 / 8 couples an hour.
    assert REQUESTS_PER_EVENING_COUPLE == 8
    assert couples_per_peak_hour(200.0) == 90_000
    assert runs[3]["couples_per_peak_hour"] == 90_000
    assert runs[3]["share_of_ceiling"] == pytest.approx(0.4)
    assert all("couples_per_peak_hour" not in run for run in runs[:3])
