"""Each partner's reminder email and push come in their own language (Profile.language), built
by the worker, which has no request to take a language from: a German and a Spanish partner of
the same round each read theirs, with the close in their own words and zone."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from accounts.models import Profile
from checkins.services import round_ensure_at
from reminders.tasks import sweep
from tests.checkins.helpers import set_schedule
from tests.jobs.test_push import register
from tests.push_service import PushService

pytestmark = pytest.mark.django_db

OPENS = datetime(2026, 11, 22, 18, tzinfo=UTC)  # Sunday 19:00 in Berlin and Madrid


@pytest.fixture
def push_service():
    service = PushService(public_key=settings.VAPID_PUBLIC_KEY, subject=settings.VAPID_SUBJECT)
    yield service
    service.close()


def test_a_german_and_a_spanish_partner_each_get_their_reminder_in_their_language(
    couple, push_service
):
    alex, sam = couple
    Profile.objects.filter(user=alex).update(time_zone="Europe/Berlin", language="de")
    Profile.objects.filter(user=sam).update(
        time_zone="Europe/Madrid", language="es", push_text="reminder"
    )
    schedule = set_schedule(
        alex, cadence="weekly", weekday=6, time_of_day=time(19), time_zone="Europe/Berlin"
    )
    round_ensure_at(schedule, OPENS)
    register(alex, push_service.subscriber("alex-phone"))
    register(sam, push_service.subscriber("sam-phone"))

    with time_machine.travel(OPENS + timedelta(minutes=1), tick=False):
        sweep()

    emails = {message.to[0]: message for message in mail.outbox}
    german, spanish = emails[alex.email], emails[sam.email]
    assert german.subject == "Dein Check-in ist bereit"
    assert "Hallo," in german.body
    assert "Ein neues Check-in ist für dich bereit. Es bleibt offen bis Mittwoch, " in german.body
    assert "25. November" in german.body
    assert "Um diese E-Mails abzubestellen:" in german.body
    german_html = german.alternatives[0][0]
    assert '<html lang="de">' in german_html
    assert "Diese E-Mails abbestellen" in german_html

    assert spanish.subject == "Tu check-in está listo"
    assert "Hola:" in spanish.body
    assert "Tienes un check-in nuevo listo. Está abierto hasta el miércoles 25 de noviembre" in (
        spanish.body
    )
    assert "Para dejar de recibir estos correos:" in spanish.body
    assert '<html lang="es">' in spanish.alternatives[0][0]
    for message in (german, spanish):
        assert "check-in is ready" not in message.body
        assert "Wednesday" not in message.body

    pushes = {received.subscriber: received.message["body"] for received in push_service.received}
    assert pushes == {"alex-phone": "Ein Check-in ist bereit", "sam-phone": "Recordatorio"}
