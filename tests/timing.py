"""Whether two requests take the same time, measured on a shared and sometimes noisy machine:
what a person could learn from a page's speed (an account exists, a partner answered)."""

import statistics
import time
from collections.abc import Callable

import pytest

SAMPLES = 25
TRIES = 3


def median_times(
    first: Callable[[], object],
    second: Callable[[], object],
    before_each: Callable[[], object] = lambda: None,
) -> tuple[float, float]:
    """Median seconds of each request after a warm-up of each, interleaved so that a slower
    stretch of the machine hits both; `before_each` runs untimed before every request."""
    first(), second()
    timings: tuple[list[float], list[float]] = ([], [])
    for _ in range(SAMPLES):
        for request, found in zip((first, second), timings, strict=True):
            before_each()
            started = time.perf_counter()
            request()
            found.append(time.perf_counter() - started)
    return statistics.median(timings[0]), statistics.median(timings[1])


def assert_same_time(
    first: Callable[[], object],
    second: Callable[[], object],
    *,
    at_least: float,
    labels: tuple[str, str],
    before_each: Callable[[], object] = lambda: None,
) -> None:
    """The two medians agree within a tenth of the longer (`at_least` seconds at the least).

    A slow stretch of a shared machine can part two medians by chance once; a real difference
    parts them every time. So they are measured up to three times, and this fails only when
    none of the three agrees.
    """
    measured = []
    for _ in range(TRIES):
        one, other = median_times(first, second, before_each)
        if abs(one - other) < max(0.10 * max(one, other), at_least):
            return
        measured.append(f"{labels[0]} {one * 1000:.1f} ms, {labels[1]} {other * 1000:.1f} ms")
    pytest.fail("; ".join(measured))
