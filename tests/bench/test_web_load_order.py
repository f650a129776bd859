"""The load test compares each page with the ceiling measured just before it: on a machine
whose speed drifts during a run, a ceiling measured minutes earlier would flatter or wrong it."""

from bench.web_load import run_order, with_ceiling_shares


def test_each_page_runs_right_after_a_run_of_the_ceiling():
    assert run_order(["ceiling", "checkin_page", "checkin_submit", "dashboard"]) == [
        "ceiling",
        "checkin_page",
        "ceiling",
        "checkin_submit",
        "ceiling",
        "dashboard",
    ]
    assert run_order(["dashboard", "ceiling"]) == ["ceiling", "dashboard"]
    assert run_order(["ceiling"]) == ["ceiling"]
    assert run_order(["checkin_page"]) == ["checkin_page"]


def test_a_page_is_a_share_of_the_ceiling_just_before_it():
    runs = with_ceiling_shares(
        [
            {"scenario": "ceiling", "rps": 600.0},
            {"scenario": "checkin_page", "rps": 420.0},
            {"scenario": "ceiling", "rps": 500.0},  # the machine slowed down
            {"scenario": "dashboard", "rps": 350.0},
        ]
    )

    assert [round(run["share_of_ceiling"], 2) for run in runs] == [1.0, 0.7, 1.0, 0.7]


def test_without_a_ceiling_there_is_no_share():
    (run,) = with_ceiling_shares([{"scenario": "dashboard", "rps": 350.0}])

    assert run["share_of_ceiling"] is None
