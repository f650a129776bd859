"""The embedded broker (a SQLite file) when `make run` starts the worker and beat together."""

import sqlite3
from pathlib import Path

import pytest
from kombu import Connection
from kombu.transport.virtual import Channel
from sqlalchemy.exc import IntegrityError

from intimacy.celery import app as celery_app
from intimacy.celery import declare_queues_on_the_embedded_broker


@pytest.fixture
def empty_embedded_broker(tmp_path, settings):
    settings.CELERY_MAIL_QUEUE = "mail"
    conf = celery_app.conf
    saved = conf.broker_url, conf.broker_transport_options
    conf.broker_url = f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}"
    conf.broker_transport_options = {}  # as on a fresh clone: no Redis options
    yield conf.broker_url, tmp_path / "broker.sqlite3"
    conf.broker_url, conf.broker_transport_options = saved


def queue_rows(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return sorted(name for (name,) in db.execute("SELECT name FROM kombu_queue"))


def publishes(broker_url: str) -> bool:
    with Connection(broker_url) as connection:
        queue = connection.SimpleQueue("celery")
        queue.put({"task": "ping"})
        received = queue.get(timeout=5)
        received.ack()
        return received.payload == {"task": "ping"}


def test_worker_and_beat_create_the_queues_before_they_first_use_the_broker(
    empty_embedded_broker,
):
    broker_url, path = empty_embedded_broker

    declare_queues_on_the_embedded_broker()
    declare_queues_on_the_embedded_broker()  # the second process finds them there

    assert queue_rows(path) == ["celery", "mail"]
    assert publishes(broker_url)


def test_losing_the_race_to_create_a_queue_leaves_the_process_able_to_publish(
    empty_embedded_broker, monkeypatch
):
    # Another process creates the row between this one's look and its insert: kombu raises
    # IntegrityError on the connection that lost, and that connection is thrown away.
    broker_url, path = empty_embedded_broker
    declare = Channel.queue_declare

    def another_process_got_there_first(channel, queue=None, **kwargs):
        with Connection(broker_url) as winner:
            declare(winner.default_channel, queue=queue)
        raise IntegrityError("INSERT INTO kombu_queue", {}, Exception("UNIQUE constraint"))

    monkeypatch.setattr(Channel, "queue_declare", another_process_got_there_first)
    declare_queues_on_the_embedded_broker()
    monkeypatch.undo()

    assert queue_rows(path) == ["celery", "mail"]
    assert publishes(broker_url)
