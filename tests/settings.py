"""Test settings: the real settings module, with a fast password hasher and mail kept in memory."""

import os

# Tests run as a development machine would; production behaviour is tested in subprocesses.
os.environ.setdefault("DEBUG", "True")

from intimacy.settings import *  # noqa: F403
from intimacy.settings import DATABASES, VAR_DIR

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
