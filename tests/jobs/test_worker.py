"""A real Celery worker (and beat) runs the tasks: on the embedded broker and on Redis."""

import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from celery import Celery
from django.utils import timezone

from checkins.services import rounds_ensure
from health.models import Heartbeat
from reminders.models import ReminderLog
from reminders.services import reminders_plan, reminders_queue_due
from tests.checkins.helpers import set_schedule
from tests.factories import UserFactory, link_partners
from tests.processes import database_url_of_test_db

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@contextmanager
def celery_process(project_dir: Path, env: dict[str, str], *args: str, log: Path):
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "intimacy", *args, "--loglevel=INFO"],
            cwd=project_dir,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield process
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_for_heartbeat(name: str, *logs: Path, timeout: float = 60) -> Heartbeat:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        heartbeat = Heartbeat.objects.filter(name=name).first()
        if heartbeat:
            return heartbeat
        time.sleep(0.3)
    printed = "\n".join(f"{log.name}:\n{log.read_text()[-3000:]}" for log in logs)
    pytest.fail(f"no heartbeat {name!r} within {timeout} s;\n{printed}")


def worker_env(subprocess_env, broker_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        **subprocess_env,
        "DEBUG": "True",
        "DATABASE_URL": database_url_of_test_db(),
        "CELERY_BROKER_URL": broker_url,
        "VAR_DIR": str(tmp_path),
    }


def send_heartbeat(broker_url: str, queue: str, name: str) -> None:
    # A producer of its own, so that this test sends through exactly the broker under test.
    producer = Celery("test-producer", broker=broker_url)
    producer.conf.task_serializer = "json"
    producer.send_task("health.tasks.record_heartbeat", kwargs={"name": name}, queue=queue)
    producer.close()


@pytest.mark.integration
def test_worker_on_redis_executes_a_task_sent_through_redis(
    redis_url, project_dir, subprocess_env, tmp_path
):
    # A queue of its own: a worker left running elsewhere on this Redis cannot take the task.
    queue = f"test-{uuid.uuid4().hex}"
    name = f"redis-{uuid.uuid4().hex[:8]}"
    env = worker_env(subprocess_env, redis_url, tmp_path)
    log = tmp_path / "worker.log"

    with celery_process(project_dir, env, "worker", "--pool=solo", "-Q", queue, log=log):
        send_heartbeat(redis_url, queue, name)
        heartbeat = wait_for_heartbeat(name, log)

    assert heartbeat.name == name
    assert "redis://" in log.read_text()


def test_worker_on_the_embedded_broker_executes_a_task_without_any_server(
    project_dir, subprocess_env, tmp_path
):
    broker_url = f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}"
    name = f"embedded-{uuid.uuid4().hex[:8]}"
    env = worker_env(subprocess_env, broker_url, tmp_path)
    log = tmp_path / "worker.log"

    with celery_process(project_dir, env, "worker", "--pool=solo", "-Q", "celery", log=log):
        send_heartbeat(broker_url, "celery", name)
        heartbeat = wait_for_heartbeat(name, log)

    assert heartbeat.name == name


def test_beat_schedules_the_heartbeat_and_a_worker_records_it(
    project_dir, subprocess_env, tmp_path
):
    broker_url = f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}"
    # A heartbeat expires after one interval, and the embedded broker is polled once a second:
    # one second would let a loaded machine discard every heartbeat before it runs.
    env = {**worker_env(subprocess_env, broker_url, tmp_path), "HEARTBEAT_INTERVAL": "3"}
    worker_log, beat_log = tmp_path / "worker.log", tmp_path / "beat.log"

    with (
        celery_process(project_dir, env, "worker", "--pool=solo", log=worker_log),
        celery_process(project_dir, env, "beat", log=beat_log),
    ):
        heartbeat = wait_for_heartbeat("beat", worker_log, beat_log)

    assert "Sending due task record-heartbeat" in beat_log.read_text()
    assert heartbeat.last_seen_at is not None


@pytest.mark.integration
def test_concurrent_sweeps_and_a_twice_delivered_send_mail_each_reminder_once(
    redis_url, project_dir, subprocess_env, tmp_path, couple
):
    five_minutes_ago = timezone.now() - timedelta(minutes=5)
    # Alex and Sam: their reminders are claimed here, and each send task is delivered twice
    # before any worker runs, so two worker threads race for the same row.
    alex, sam = couple
    rounds_ensure(set_schedule(alex, cadence="daily", time_of_day=five_minutes_ago.time()))
    reminders_plan()
    doubled = reminders_queue_due()
    assert len(doubled) == 2
    # Robin and Kim: their reminders are planned by two sweeps running at once.
    robin, kim = UserFactory(), UserFactory()
    link_partners(robin, kim)
    rounds_ensure(set_schedule(robin, cadence="daily", time_of_day=five_minutes_ago.time()))

    queue = f"test-{uuid.uuid4().hex}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **worker_env(subprocess_env, redis_url, tmp_path),
        "CELERY_QUEUE": queue,
        # django-environ drops one leading slash of the path: four make it absolute.
        "EMAIL_URL": f"filemail:///{mail_dir}",
    }
    producer = Celery("test-producer", broker=redis_url)
    for reminder_id in doubled:
        for _ in range(2):
            producer.send_task("reminders.tasks.send", args=[reminder_id], queue=queue)
    for _ in range(2):
        producer.send_task("reminders.tasks.sweep", queue=queue)
    producer.close()

    log = tmp_path / "worker.log"
    with celery_process(
        project_dir, env, "worker", "--pool=threads", "--concurrency=4", "-Q", queue, log=log
    ):
        wait_until(lambda: ReminderLog.objects.filter(status="sent").count() == 4, log)
        time.sleep(2)  # room for any duplicate to go out, if one could

    sent_to = [
        line.split(":", 1)[1].strip()
        for message in mail_dir.iterdir()
        for line in message.read_text().splitlines()
        if line.startswith("To:")
    ]
    expected = sorted(person.email for person in (alex, sam, robin, kim))
    assert sorted(sent_to) == expected, log.read_text()[-3000:]


def wait_until(condition, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    pytest.fail(f"condition not met within {timeout} s; worker log:\n{log.read_text()[-3000:]}")
