"""The embedded broker (a SQLite file) when `make run` starts the worker and beat together."""

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from celery import signals
from kombu import Connection
from kombu.transport import sqlalchemy as kombu_sqlalchemy
from sqlalchemy.exc import OperationalError

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
    with closing(sqlite3.connect(path)) as db:
        return sorted(name for (name,) in db.execute("SELECT name FROM kombu_queue"))


def publishes(broker_url: str) -> bool:
    with Connection(broker_url) as connection:
        queue = connection.SimpleQueue("celery")
        queue.put({"task": "ping"})
        received = queue.get(timeout=5)
        received.ack()
        return received.payload == {"task": "ping"}


def test_beat_creates_the_queues_when_it_starts(empty_embedded_broker):
    broker_url, path = empty_embedded_broker

    signals.beat_init.send(sender=None)
    assert queue_rows(path) == ["celery", "mail"]

    declare_queues_on_the_embedded_broker()  # the worker, starting next, finds them there
    assert queue_rows(path) == ["celery", "mail"]
    assert publishes(broker_url)


def lose_the_race_for_a_row(monkeypatch, broker_url: str) -> None:
    """The first declare looks for its row, finds none, and inserts it after another process
    has: kombu's own code raises IntegrityError and leaves that session unusable."""
    get_or_create = kombu_sqlalchemy.Channel._get_or_create
    lost = []

    def another_process_inserts_first(channel, queue):
        if not lost:
            lost.append(queue)
            with Connection(broker_url) as winner:
                get_or_create(winner.default_channel, queue)
            found_nothing = type("FoundNothing", (), {"filter": lambda *_: found_nothing})()
            found_nothing.first = lambda: None
            channel.session.query = lambda *_: found_nothing
        return get_or_create(channel, queue)

    monkeypatch.setattr(kombu_sqlalchemy.Channel, "_get_or_create", another_process_inserts_first)


def lose_the_race_for_the_tables(monkeypatch, broker_url: str) -> None:
    """Another process creates the tables between this one's look and its CREATE TABLE."""
    create_all = kombu_sqlalchemy.metadata.create_all
    lost = []

    def another_process_creates_first(engine, *args, **kwargs):
        create_all(engine, *args, **kwargs)
        if not lost:
            lost.append(engine)
            raise OperationalError("CREATE TABLE kombu_queue", {}, Exception("already exists"))

    monkeypatch.setattr(kombu_sqlalchemy.metadata, "create_all", another_process_creates_first)


@pytest.mark.parametrize("lose", [lose_the_race_for_a_row, lose_the_race_for_the_tables])
def test_losing_a_race_on_the_empty_broker_still_leaves_every_queue_there(
    empty_embedded_broker, monkeypatch, lose
):
    broker_url, path = empty_embedded_broker
    lose(monkeypatch, broker_url)

    declare_queues_on_the_embedded_broker()
    monkeypatch.undo()

    assert queue_rows(path) == ["celery", "mail"]
    assert publishes(broker_url)
