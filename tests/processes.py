"""Helpers for tests that start real processes (a Celery worker, gunicorn, Redis)."""

import shutil
import signal
import socket
import subprocess
import time
from contextlib import contextmanager

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
    port = free_port()
    server = subprocess.Popen(
        [*("redis-server", "--port", str(port), "--bind", "127.0.0.1"), *REDIS_NO_DISK],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    try:
        yield server, f"redis://127.0.0.1:{port}/0"
    finally:
        server.send_signal(signal.SIGCONT)  # a frozen server must hear SIGTERM
        server.terminate()
        server.wait(timeout=10)
