"""Settings come from the environment; production refuses to start unsafe."""

import json
import secrets
import subprocess
import sys
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

import intimacy.settings as real_settings

PRODUCTION_ENV = {
    "DEBUG": "False",
    "ALLOWED_HOSTS": "checkin.example.org",
    "SITE_URL": "https://checkin.example.org",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
    "NOTE_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
}


def vapid_key_pair() -> dict[str, str]:
    """A pair from `manage.py vapid_keys`, as an operator makes one."""
    out = StringIO()
    call_command("vapid_keys", stdout=out)
    return dict(line.split("=", 1) for line in out.getvalue().split())


PRODUCTION_ENV.update(vapid_key_pair())


def run_manage(project_dir, env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=project_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_of(project_dir, env, *names):
    pairs = ", ".join(f"{name!r}: str(settings.{name})" for name in names)
    code = f"from django.conf import settings; import json; print(json.dumps({{{pairs}}}))"
    result = run_manage(project_dir, env, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "secret_key",
    [None, "", real_settings.DEVELOPMENT_SECRET_KEY, "django-insecure-" + "x" * 60, "short"],
)
def test_production_refuses_to_start_without_a_real_secret_key(
    project_dir, subprocess_env, secret_key
):
    env = {**subprocess_env, **PRODUCTION_ENV}
    env.pop("SECRET_KEY", None)
    if secret_key is not None:
        env["SECRET_KEY"] = secret_key

    result = run_manage(project_dir, env, "check")

    assert result.returncode != 0
    assert "SECRET_KEY must be set to a long random value" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(project_dir, subprocess_env):
    env = {**subprocess_env, **PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(50)}
    env.pop("ALLOWED_HOSTS")

    result = run_manage(project_dir, env, "check")

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_an_email_url(project_dir, subprocess_env):
    env = {**subprocess_env, **PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(50)}
    env.pop("EMAIL_URL")

    result = run_manage(project_dir, env, "check")

    assert result.returncode != 0
    assert "EMAIL_URL must be set" in result.stderr


def test_secret_key_can_come_from_a_file(project_dir, subprocess_env, tmp_path):
    key = secrets.token_urlsafe(50)
    (tmp_path / "key").write_text(key + "\n")
    env = {**subprocess_env, **PRODUCTION_ENV, "SECRET_KEY_FILE": str(tmp_path / "key")}
    env.pop("SECRET_KEY", None)

    assert settings_of(project_dir, env, "SECRET_KEY") == {"SECRET_KEY": key}


def test_deploy_check_passes_without_a_warning_in_production(project_dir, subprocess_env):
    env = {**subprocess_env, **PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(50)}

    result = run_manage(project_dir, env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_without_vapid_keys_sends_email_only_and_the_deploy_check_says_so(
    project_dir, subprocess_env
):
    env = {**subprocess_env, **PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(50)}
    del env["VAPID_PRIVATE_KEY"], env["VAPID_PUBLIC_KEY"]

    result = run_manage(project_dir, env, "check", "--deploy")

    assert "reminders.W001" in result.stderr + result.stdout
    assert settings_of(project_dir, env, "WEBPUSH_ENABLED") == {"WEBPUSH_ENABLED": "False"}


def test_half_a_vapid_key_pair_refuses_to_start(project_dir, subprocess_env):
    env = {**subprocess_env, **PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(50)}
    del env["VAPID_PUBLIC_KEY"]

    result = run_manage(project_dir, env, "check")

    assert result.returncode != 0
    assert "Set both VAPID_PRIVATE_KEY and VAPID_PUBLIC_KEY" in result.stderr


def test_a_fresh_clone_runs_on_sqlite_and_the_embedded_broker(project_dir, subprocess_env):
    env = {**subprocess_env, "DEBUG": "True"}
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_URL"):
        env.pop(name, None)

    found = settings_of(
        project_dir, env, "DATABASES['default']['ENGINE']", "CELERY_BROKER_URL", "EMAIL_BACKEND"
    )

    assert found["DATABASES['default']['ENGINE']"] == "django.db.backends.sqlite3"
    assert found["CELERY_BROKER_URL"].startswith("sqla+sqlite:///")
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_database_url_and_redis_url_select_the_real_services(project_dir, subprocess_env):
    env = {
        **subprocess_env,
        "DEBUG": "True",
        "DATABASE_URL": "postgres://postgres@db.internal:5432/intimacy",
        "REDIS_URL": "redis://cache.internal:6379/2",
    }
    env.pop("CELERY_BROKER_URL", None)

    found = settings_of(
        project_dir,
        env,
        "DATABASES['default']['ENGINE']",
        "DATABASES['default']['HOST']",
        "CELERY_BROKER_URL",
        "CACHES['default']['BACKEND']",
    )

    assert found["DATABASES['default']['ENGINE']"] == "django.db.backends.postgresql"
    assert found["DATABASES['default']['HOST']"] == "db.internal"
    assert found["CELERY_BROKER_URL"] == "redis://cache.internal:6379/2"
    assert found["CACHES['default']['BACKEND']"] == "intimacy.redis_cache.OutageTolerantRedisCache"


def test_time_is_stored_in_utc():
    assert settings.USE_TZ is True
    assert settings.TIME_ZONE == "UTC"


def test_celery_accepts_json_only():
    from intimacy.celery import app

    assert app.conf.accept_content == ["json"]
    assert app.conf.task_serializer == "json"
    assert "record-heartbeat" in app.conf.beat_schedule


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2():
    with override_settings(PASSWORD_HASHERS=real_settings.PASSWORD_HASHERS):
        user = get_user_model().objects.create_user("argon@example.com", "a-long-passphrase")

    assert user.password.startswith("argon2$")


def test_production_keeps_compiled_templates_in_memory(project_dir, subprocess_env):
    # Pages are rendered in full for every request: no template is read and parsed again.
    code = (
        "from django.template import engines; "
        "print([type(loader).__module__ for loader in engines['django'].engine.template_loaders])"
    )
    env = {**subprocess_env, **PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(50)}
    result = run_manage(project_dir, env, "shell", "-c", code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['django.template.loaders.cached']"


def test_processes_starting_together_read_the_first_ones_development_key(tmp_path, monkeypatch):
    # make run starts the web, a worker and beat at once on a fresh clone: a second process
    # that writes its key while the first is still reading would leave notes one of them
    # cannot decrypt.
    monkeypatch.setattr(real_settings, "VAR_DIR", tmp_path)
    key_file = tmp_path / "note-encryption-key"

    def first_process_wins_meanwhile() -> str:
        key_file.write_text("the first process's key")
        return "the second process's key"

    assert real_settings._development_key("note-encryption-key", first_process_wins_meanwhile) == (
        "the first process's key"
    )
    assert key_file.read_text() == "the first process's key"
    assert list(tmp_path.iterdir()) == [key_file]  # no temporary file left behind


def test_a_development_key_file_is_readable_by_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.setattr(real_settings, "VAR_DIR", tmp_path)

    key = real_settings._development_key("vapid-keys", lambda: "private\npublic\n")

    assert key == "private\npublic"
    assert (tmp_path / "vapid-keys").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("url", "second_workers"),
    [
        ("redis://127.0.0.1:6379/1", "redis://127.0.0.1:6379/2"),
        ("redis://127.0.0.1:6379", "redis://127.0.0.1:6379/1"),
        (
            "rediss://:secret@cache:6380/3?socket_timeout=1",
            "rediss://:secret@cache:6380/4?socket_timeout=1",
        ),
        ("unix:///run/redis.sock?db=1", "unix:///run/redis.sock?db=2"),
    ],
)
def test_two_test_workers_never_share_a_redis_database(url, second_workers):
    # Each clears the cache before every test: sharing one would reset the other's rate limits.
    from tests.settings import _redis_database_of_this_worker

    assert _redis_database_of_this_worker(url, "gw0") in (url, url + "/0")
    assert _redis_database_of_this_worker(url, "gw1") == second_workers
