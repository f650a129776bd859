"""docker-compose.yml runs the whole stack; no engine runs here, so it is validated and read."""

import subprocess

import pytest
import yaml

pytestmark = pytest.mark.slow

APP_SERVICES = ("web", "worker", "beat")


@pytest.fixture
def compose_file(project_dir):
    return project_dir / "docker-compose.yml"


@pytest.fixture
def resolved(compose_file, docker_compose, subprocess_env, project_dir) -> dict:
    """The file as docker-compose resolves it (anchors merged, variables filled in)."""
    env = {
        **subprocess_env,
        "SECRET_KEY": "k" * 50,
        "EMAIL_URL": "smtp://mail.example.org:25",
        "NOTE_ENCRYPTION_KEYS": "a-key",
    }
    result = subprocess.run(
        [*docker_compose, "-f", str(compose_file), "config"],
        cwd=project_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_compose_refuses_to_start_without_a_secret_key(
    compose_file, docker_compose, subprocess_env, project_dir
):
    env = {k: v for k, v in subprocess_env.items() if k != "SECRET_KEY"}
    env["EMAIL_URL"] = "smtp://mail.example.org:25"
    env["NOTE_ENCRYPTION_KEYS"] = "a-key"

    result = subprocess.run(
        [*docker_compose, "-f", str(compose_file), "config"],
        cwd=project_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_compose_runs_postgres_redis_web_worker_and_beat(resolved):
    services = resolved["services"]

    assert set(services) == {"postgres", "redis", *APP_SERVICES}
    assert "gunicorn intimacy.wsgi" in " ".join(_command(services["web"]))
    assert _command(services["worker"])[:4] == ["celery", "-A", "intimacy", "worker"]
    assert _command(services["beat"])[:4] == ["celery", "-A", "intimacy", "beat"]
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no health check"


def test_app_processes_share_one_definition(resolved):
    services = resolved["services"]
    web = services["web"]

    for name in ("worker", "beat"):
        assert services[name]["image"] == web["image"]
        assert services[name]["environment"] == web["environment"]
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")
    assert web["environment"]["REDIS_URL"].startswith("redis://redis:6379")
    assert web["environment"]["DEBUG"] == "False"


def test_the_image_collects_static_files_and_serves_with_gunicorn(project_dir):
    dockerfile = (project_dir / "Dockerfile").read_text()

    assert "FROM python:3.11" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert "pip install -c constraints.txt" in dockerfile
    assert "USER app" in dockerfile


def _command(service: dict) -> list[str]:
    command = service["command"]
    return command.split() if isinstance(command, str) else command
