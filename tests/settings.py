"""Test settings: the real settings module, with a fast password hasher and mail kept in memory."""

import os
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Tests run as a development machine would; production behaviour is tested in subprocesses.
os.environ.setdefault("DEBUG", "True")


def _redis_database_of_this_worker(url: str, worker: str) -> str:
    """With `pytest -n`, worker gwN uses the Nth Redis database after the one REDIS_URL names
    (gw0 that one): every test clears the cache, which would reset the other worker's
    rate-limit counts mid-test. Set in the environment, so the worker and web processes that a
    test starts use the same one."""
    parts = urlsplit(url)
    offset = int(worker.removeprefix("gw"))
    if parts.scheme == "unix":  # unix:///path/redis.sock?db=1
        query = dict(parse_qsl(parts.query))
        query["db"] = str(int(query.get("db", 0)) + offset)
        return f"unix://{parts.netloc}{parts.path}?{urlencode(query)}"
    return urlunsplit(parts._replace(path=f"/{int(parts.path.strip('/') or 0) + offset}"))


if os.environ.get("REDIS_URL") and os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["REDIS_URL"] = _redis_database_of_this_worker(
        os.environ["REDIS_URL"], os.environ["PYTEST_XDIST_WORKER"]
    )

from intimacy.settings import *  # noqa: E402, F403
from intimacy.settings import DATABASES, VAR_DIR  # noqa: E402

# Argon2 is deliberately slow; tests that check the real hasher override this back.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file rather than memory, so that a real worker process can open the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}

CACHES = {
    "default": {
        **CACHES["default"],  # noqa: F405
        "KEY_PREFIX": "intimacy-test",
    }
}
# Tasks queued on commit run in the test process; tests that need a real broker and worker
# start their own (tests/jobs).
CELERY_TASK_ALWAYS_EAGER = True
