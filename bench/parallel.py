"""Jobs spread over processes, for the benchmark scripts that prepare data.

The generator and its trend rebuild are mostly PostgreSQL's work: one process leaves a core
idle while it builds the next chunk in Python, and the server works on one statement at a
time. Jobs here are independent transactions (their own rows, their own ids), so N processes
run them side by side.
"""

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import TypeVar

from django.db import connections

Job = TypeVar("Job")
Result = TypeVar("Result")


def _set_up_django() -> None:
    import bench._django  # noqa: F401  (configures Django in the new process)


def in_processes(
    function: Callable[[Job], Result], jobs: Iterable[Job], processes: int
) -> Iterator[Result]:
    """`function(job)` for every job, in order: in this process when `processes` is 1 (the
    test suite's case, inside its transaction), else in that many new processes."""
    if processes <= 1:
        yield from map(function, jobs)
        return
    # Each new process opens its own connection; this one must not be shared with them.
    connections.close_all()
    with ProcessPoolExecutor(
        max_workers=processes, mp_context=get_context("spawn"), initializer=_set_up_django
    ) as pool:
        yield from pool.map(function, jobs)
