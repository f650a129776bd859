"""With the broker unreachable, a check-in still saves, and the failure is logged once."""

import logging
import time

import pytest
from django.conf import settings

from checkins.models import Answer
from intimacy.celery import app as celery_app
from tests.accounts.helpers import log_in
from tests.checkins.helpers import form_data, open_round

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def unreachable_broker():
    conf = celery_app.conf
    saved = conf.broker_url, conf.broker_transport_options, conf.task_always_eager
    conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    conf.broker_transport_options = settings.REDIS_TRANSPORT_OPTIONS  # as production has
    conf.task_always_eager = False
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield
    conf.broker_url, conf.broker_transport_options, conf.task_always_eager = saved
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_a_check_in_succeeds_while_the_broker_is_down(client, couple, unreachable_broker, caplog):
    alex, sam = couple
    round_ = open_round(alex)

    log_in(client, alex.email)
    started = time.monotonic()
    with caplog.at_level(logging.ERROR, logger="intimacy.celery"):
        first = client.post(f"/checkin/{round_.code}/", form_data(round_, score=4))
        client.post("/accounts/logout/")
        log_in(client, sam.email)
        second = client.post(f"/checkin/{round_.code}/", form_data(round_, score=2))

    assert first.status_code == second.status_code == 302
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"the submissions waited {elapsed:.1f} s on the dead broker"
    assert Answer.objects.count() == 2 * 8  # a pulse item and a reflection question a theme
    failures = [r for r in caplog.records if "broker unreachable" in r.getMessage()]
    assert len(failures) == 1
