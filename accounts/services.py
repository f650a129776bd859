import logging

from django.conf import settings
from django.db import transaction

from .models import Profile, PushDevice, User, available_time_zones

logger = logging.getLogger(__name__)


def offered_language(language: str | None) -> str:
    """One of settings.LANGUAGES for a language code ("de", "de-at"), else the default."""
    offered = {code for code, _name in settings.LANGUAGES}
    code = (language or "").lower()
    for candidate in (code, code.split("-")[0]):
        if candidate in offered:
            return candidate
    return settings.LANGUAGE_CODE


def profile_update_from_sign_up(
    *, user: User, display_name: str, time_zone: str, language: str | None = None
) -> Profile:
    profile = user.profile
    profile.display_name = display_name
    # The zone comes from the browser, not from typing: an unknown one falls back to UTC and
    # the person can pick theirs on the profile page.
    profile.time_zone = time_zone if time_zone in available_time_zones() else "UTC"
    # The language the sign-up page was shown in (the browser's, or the one chosen in the
    # footer); one we do not offer is English, and the profile page changes it.
    profile.language = offered_language(language)
    profile.save(update_fields=["display_name", "time_zone", "language", "updated_at"])
    return profile


def push_device_register(
    *, person: User, endpoint: str, p256dh: str, auth: str, label: str, session_key: str
) -> PushDevice:
    """Keep the push subscription a browser made for `person`. A browser has one subscription:
    if someone else had registered it (a shared device), it is theirs no longer."""
    with transaction.atomic():
        PushDevice.objects.filter(endpoint=endpoint).exclude(person=person).delete()
        device, _ = PushDevice.objects.update_or_create(
            endpoint=endpoint,
            defaults={
                "person": person,
                "p256dh": p256dh,
                "auth": auth,
                "label": label[:100],
                "session_key": session_key,
            },
        )
    logger.info("push device registered device_id=%s", device.pk)
    return device


def push_devices_forget(*, people=None, session_key: str | None = None) -> int:
    """Stop web push: to these people's devices, or to the device of one session (logged
    out). Returns how many subscriptions were removed."""
    devices = PushDevice.objects.all()
    if people is not None:
        devices = devices.filter(person__in=people)
    if session_key is not None:
        devices = devices.filter(session_key=session_key)
    deleted, _ = devices.delete()
    if deleted:
        logger.info("push devices removed count=%s", deleted)
    return deleted
