"""Helpers for tests that start real processes (a Celery worker, gunicorn, Redis)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from django.db import connection


def database_url_of_test_db() -> str:
    """The test database, as a URL that a subprocess can open (data must be committed)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


REDIS_NO_DISK = ("--save", "", "--appendonly", "no")


@contextmanager
def redis_server():
    """A Redis of the test's own (the process and its URL), to stop or freeze at will while the
    suite's Redis stays up. Cache and broker in production share one Redis: so do tests' users
    of this one."""
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server: .ci/run installs it")
    for _ in range(3):
        port = free_port()
        server = subprocess.Popen(
            [*("redis-server", "--port", str(port), "--bind", "127.0.0.1"), *REDIS_NO_DISK],
            stdout=subprocess.DEVNULL,
        )
        # Another test worker may have been given the same free port a moment before: then
        # this server could not bind it, and the Redis answering is the other worker's.
        if _answering_process(redis.Redis(port=port)) == server.pid:
            break
        server.kill()
        server.wait()
    else:
        pytest.fail("no free port for a Redis of the test's own")
    try:
        yield server, f"redis://127.0.0.1:{port}/0"
    finally:
        server.send_signal(signal.SIGCONT)  # a frozen server must hear SIGTERM
        server.terminate()
        server.wait(timeout=10)


def _answering_process(client: redis.Redis) -> int | None:
    """The process id of the Redis answering `client`, or None if none answers in 10 s."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            return client.info("server")["process_id"]
        except redis.ConnectionError:
            time.sleep(0.05)
    return None


class Celery:
    """A celery worker or beat in a process group of its own, killable at will."""

    def __init__(self, project_dir: Path, env: dict, log: Path, *args: str) -> None:
        self.project_dir, self.env, self.log, self.args = project_dir, env, log, args
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "intimacy", *self.args, "-l", "INFO"],
                cwd=self.project_dir,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def pool_children(self) -> list[int]:
        found = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        )
        return [int(pid) for pid in found.stdout.split()]

    def kill_children(self) -> int:
        children = self.pool_children()
        for pid in children:
            os.kill(pid, signal.SIGKILL)
        return len(children)

    def kill_all(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def wait_for(condition, what: str, logs: list[Path], timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(0.05)
    tails = "\n".join(f"--- {log.name}\n{log.read_text()[-2000:]}" for log in logs)
    pytest.fail(f"{what}: not within {timeout} s\n{tails}")


def pipeline_env(
    subprocess_env: dict, *, redis_url: str, tmp_path: Path, **settings: str
) -> tuple[dict, Path]:
    """The environment of a worker or beat running the reminder pipeline against the test
    database and `redis_url`, sweeping every second, with mail written to files in the
    directory returned; `settings` adds or overrides variables."""
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir(exist_ok=True)
    env = {
        **subprocess_env,
        "DEBUG": "True",
        "DATABASE_URL": database_url_of_test_db(),
        "REDIS_URL": redis_url,
        "VAR_DIR": str(tmp_path),
        # django-environ drops one leading slash of the path: four make it absolute.
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "REMINDER_SWEEP_INTERVAL": "1",
        **settings,
    }
    env.pop("CELERY_BROKER_URL", None)
    return env, mail_dir
