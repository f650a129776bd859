"""Real Celery worker processes for the benchmarks, and what they used."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

PROJECT_DIR = Path(__file__).resolve().parent.parent
LOG_DIR = PROJECT_DIR / "var"


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            todo.extend(int(child) for child in task.read_text().split())
    return found


def peak_rss_mb(pid: int) -> float:
    """The largest peak resident memory (VmHWM) among a process and its descendants."""
    peaks = [0.0]
    for each in _descendants(pid):
        try:
            status = Path(f"/proc/{each}/status").read_text()
        except FileNotFoundError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return max(peaks)


class Workers:
    def __init__(self, process: subprocess.Popen) -> None:
        self.process = process

    def peak_rss_mb(self) -> float:
        return peak_rss_mb(self.process.pid)


@contextmanager
def celery_workers(concurrency: int, timeout: float = 60) -> Iterator[Workers]:
    """One `celery worker` with `concurrency` prefork processes on this deployment's queue,
    started with the same environment as this process (bench settings, DATABASE_URL...)."""
    import redis

    # Start from an empty queue: tasks left by an earlier benchmark (the load test's trend
    # updates, say) would otherwise be timed too. Benchmark deployments only.
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(settings.CELERY_TASK_DEFAULT_QUEUE)
    LOG_DIR.mkdir(exist_ok=True)
    log_path = LOG_DIR / f"bench-worker-{concurrency}.log"
    env = {**os.environ, "LOG_LEVEL": "INFO"}
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "intimacy",
                "worker",
                f"--concurrency={concurrency}",
                "--pool=prefork",
                f"--queues={settings.CELERY_TASK_DEFAULT_QUEUE}",
                f"--hostname=bench{concurrency}-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            cwd=PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + timeout
        while " ready." not in log_path.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the worker did not start; see {log_path}")
            time.sleep(0.2)
        yield Workers(process)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
