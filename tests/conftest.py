import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Playwright's sync API runs an event loop in the test thread; Django's ORM would otherwise
# refuse to run there (SynchronousOnlyOperation).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property-based tests (tests/*/test_bad_input.py) post through the Django test client, a few
# milliseconds each: a modest number of examples keeps the suite fast, and no deadline, since
# a shared, busy machine makes timing meaningless. They use function-scoped fixtures (client,
# db) on purpose: every example runs in the test's transaction and compares the rows before
# and after itself. Under CI the examples are derandomized: a submission's CI run must fail or
# pass the same way each time and the failing example must reproduce on a developer's machine;
# new random examples are explored on developers' runs (where .hypothesis/ keeps any failure).
hypothesis_settings.register_profile(
    "dev",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
hypothesis_settings.register_profile(
    "ci", parent=hypothesis_settings.get_profile("dev"), derandomize=True, database=None
)
# HYPOTHESIS_PROFILE=thorough for a long hunt before changing a form.
hypothesis_settings.register_profile(
    "thorough", parent=hypothesis_settings.get_profile("dev"), max_examples=1000
)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

PROJECT_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
# Under CI, a test that would be skipped for lack of a service fails instead.
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_SERVICES and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped under REQUIRE_SERVICES=1, which forbids skips: {reason}"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} is missing: `make test` installs it with apt-get when run as root"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate-limit counters live in the cache; one test's failed log-ins must not block the next.
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _english_outside_requests():
    # A request leaves its reader's language active in the thread (each request sets its own,
    # and workers override per person); a test that calls a selector directly after a German
    # page must still start from the default.
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _broker_assumed_up(monkeypatch):
    # A test that fails a publish must not make the next test skip publishing (intimacy.celery).
    monkeypatch.setattr("intimacy.celery._broker_down_until", 0.0)


@pytest.fixture
def postgres(django_db_blocker):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")
    return connection


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        pytest.skip("needs Redis: set REDIS_URL=redis://...")
    return url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def delete_output_dir():
    """pytest-playwright's own empties test-results/ as each test worker starts, which can
    delete the screenshots the other worker has already saved, or fail on a file it is
    writing; `make test` empties it once, before the workers start."""


@pytest.fixture
def own_redis():
    from tests.processes import redis_server

    with redis_server() as server_and_url:
        yield server_and_url


@pytest.fixture(scope="session")
def project_dir() -> Path:
    return PROJECT_DIR


@pytest.fixture(scope="session")
def subprocess_env() -> dict[str, str]:
    """The environment for a manage.py or celery subprocess, without test-only settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    return env


@pytest.fixture
def docker_compose() -> list[str]:
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.skip("needs docker-compose: `make test` installs it with apt-get when run as root")


@pytest.fixture
def library(db):
    from content.services import library_load

    library_load()


@pytest.fixture
def couple(library):
    """Alex and Sam, linked, with the content library loaded."""
    from tests.factories import UserFactory, link_partners

    alex, sam = UserFactory(email="alex@example.com"), UserFactory(email="sam@example.com")
    link_partners(alex, sam)
    return alex, sam
