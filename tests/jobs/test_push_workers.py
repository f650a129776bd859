"""Web push through the real pipeline: two beats and two prefork workers on one Redis and the
PostgreSQL test database send every device of every person exactly one push for the reminder,
and our own push service (tests/push_service.py) accepts each one at the receiving end."""

import time
from collections import Counter

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext

from accounts.models import PushDevice, User
from bench import datagen
from reminders.models import PushDelivery
from tests.processes import Celery, pipeline_env, wait_for
from tests.push_service import PushService

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

COUPLES = 10  # 20 people, each due a "ready" reminder now
SECOND_DEVICE_EVERY = 3  # and every third person has a second device


def test_two_beats_and_two_workers_send_each_device_one_push(
    postgres, library, own_redis, project_dir, subprocess_env, tmp_path
):
    datagen.generate(couples=COUPLES, weeks=0, password="unused-here", partner_in_other_zone=0)
    service = PushService(public_key=settings.VAPID_PUBLIC_KEY, subject=settings.VAPID_SUBJECT)
    for index, person in enumerate(User.objects.order_by("pk")):
        names = [f"p{person.pk}-a"] + (
            [f"p{person.pk}-b"] if index % SECOND_DEVICE_EVERY == 0 else []
        )
        for name in names:
            subscriber = service.subscriber(name)
            PushDevice.objects.create(
                person=person,
                endpoint=subscriber.endpoint,
                p256dh=subscriber.p256dh,
                auth=subscriber.auth,
                label="Firefox on Android",
            )
    devices = PushDevice.objects.count()
    _, redis_url = own_redis
    env, _ = pipeline_env(
        subprocess_env,
        redis_url=redis_url,
        tmp_path=tmp_path,
        # The site's key pair, which the push service checks the signatures against.
        VAPID_PRIVATE_KEY=settings.VAPID_PRIVATE_KEY,
        VAPID_PUBLIC_KEY=settings.VAPID_PUBLIC_KEY,
    )
    logs = [tmp_path / name for name in ("beat1.log", "beat2.log", "w1.log", "w2.log")]
    processes = [
        Celery(project_dir, env, logs[n], "beat", f"--schedule={tmp_path / f'beat{n}'}")
        for n in (0, 1)
    ] + [
        Celery(
            project_dir, env, logs[2 + n], "worker", "-P", "prefork", "-c", "2", "-n", f"w{n}@%h"
        )
        for n in (0, 1)
    ]
    sent = PushDelivery.objects.filter(status=PushDelivery.Status.SENT)
    try:
        for process in processes:
            process.start()
        wait_for(lambda: sent.count() == devices, "every device's push sent", logs, 180)
        time.sleep(3)  # several sweeps more: room for any duplicate to arrive
    finally:
        for process in processes:
            process.stop()
        service.close()

    assert service.refused == []
    per_device = Counter(received.subscriber for received in service.received)
    assert len(per_device) == devices
    assert set(per_device.values()) == {1}
    # Each in its person's language (datagen spreads the three over the people).
    bodies = {}
    for person in User.objects.select_related("profile"):
        with translation.override(person.profile.language):
            bodies[f"p{person.pk}"] = pgettext("push notification", "A check-in is ready")
    assert len(set(bodies.values())) > 1
    for received in service.received:
        assert received.message["body"] == bodies[received.subscriber.rsplit("-", 1)[0]]
