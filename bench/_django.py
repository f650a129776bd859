"""Configure Django for a benchmark process: production settings (DEBUG off) on plain-HTTP
localhost, with secrets kept in var/bench.env so that the generator, gunicorn and the Celery
workers of one machine share them (notes written by one are read by the others).

Import this module first in every entry point. Under pytest (Django already set up) it does
nothing, so the tests run the same code with the test settings.
"""

import json
import os
import secrets
import signal
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
BENCH_ENV_FILE = PROJECT_DIR / "var" / "bench.env"


def bench_env() -> dict[str, str]:
    """Environment defaults for every benchmark process, created once per machine."""
    if BENCH_ENV_FILE.exists():
        saved = json.loads(BENCH_ENV_FILE.read_text())
    else:
        from cryptography.fernet import Fernet

        saved = {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "NOTE_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            # Every generated person logs in with this (the load test needs it).
            "BENCH_PASSWORD": secrets.token_urlsafe(12),
        }
        BENCH_ENV_FILE.parent.mkdir(exist_ok=True)
        BENCH_ENV_FILE.write_text(json.dumps(saved, indent=2))
        BENCH_ENV_FILE.chmod(0o600)
    return {
        **saved,
        "DEBUG": "False",
        "HTTPS_ONLY": "False",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Nothing leaves the machine: reminders "sent" by a benchmark go nowhere.
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
        # Reminder sends go to a queue that no benchmark worker consumes: the sweep benchmark
        # measures claiming and queueing them, then empties it.
        "CELERY_MAIL_QUEUE": os.environ.get("CELERY_QUEUE", "celery") + "-bench-mail",
    }


def setup() -> None:
    from django.apps import apps

    if apps.ready:
        return  # already set up by the caller (pytest): its settings stay
    # A benchmark stopped with SIGTERM still stops the gunicorn or workers it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    for name, value in bench_env().items():
        os.environ.setdefault(name, value)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL=postgres://... (the benchmarks need PostgreSQL).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intimacy.settings")
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()


setup()
