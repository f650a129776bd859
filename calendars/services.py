"""Writes to a person's calendar feed: a new address (which revokes the old), turning it off,
and the name its events carry."""

import logging
import secrets

from django.utils import timezone

from couples.models import hash_token

from .models import CalendarFeed

logger = logging.getLogger(__name__)


def calendar_feed_address_new(*, person) -> str:
    """A new random token for the person's feed, returned once and stored only as its hash;
    the address made before stops working at once."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        person=person,
        defaults={"token_hash": hash_token(token), "token_created_at": timezone.now()},
    )
    logger.info("calendar feed address made person_id=%s", person.pk)
    return token


def calendar_feed_turn_off(*, person) -> bool:
    """Revoke the person's address; the title stays for next time. False if it was off."""
    turned_off = (
        CalendarFeed.objects.filter(person=person)
        .exclude(token_hash="")
        .update(token_hash="", token_created_at=None, updated_at=timezone.now())
    )
    if turned_off:
        logger.info("calendar feed turned off person_id=%s", person.pk)
    return bool(turned_off)


def calendar_feed_title_set(*, person, title: str) -> None:
    CalendarFeed.objects.update_or_create(person=person, defaults={"title": title})
