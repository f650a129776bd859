import pytest
from django.conf import settings


@pytest.fixture
def new_processes_share_this_database(postgres, monkeypatch):
    """Processes started by a benchmark (`bench.parallel`) configure Django from the
    environment: point them at this test's database and give them this process's note keys.
    Use it with `django_db(transaction=True)`, so that they see what the test wrote."""
    db = postgres.settings_dict
    monkeypatch.setenv(
        "DATABASE_URL",
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    )
    monkeypatch.setenv("NOTE_ENCRYPTION_KEYS", ",".join(settings.NOTE_ENCRYPTION_KEYS))
