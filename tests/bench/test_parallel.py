"""bench.parallel: jobs in this process, or spread over new ones."""

import os

import pytest

from bench.parallel import in_processes


def _process_id(job: int) -> tuple[int, int]:
    return job, os.getpid()


def test_one_process_means_this_one():
    assert list(in_processes(_process_id, [1, 2, 3], 1)) == [
        (1, os.getpid()),
        (2, os.getpid()),
        (3, os.getpid()),
    ]


@pytest.mark.integration
def test_two_processes_share_the_jobs_and_keep_their_order(new_processes_share_this_database):
    done = list(in_processes(_process_id, range(8), 2))

    assert [job for job, _ in done] == list(range(8))
    workers = {pid for _, pid in done}
    assert len(workers) <= 2
    assert os.getpid() not in workers
