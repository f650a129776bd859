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
    turned_off = _turn_off(CalendarFeed.objects.filter(person=person))
    if turned_off:
        logger.info("calendar feed turned off person_id=%s", person.pk)
    return bool(turned_off)


def calendar_feeds_turn_off(*, people) -> int:
    """Revoke the addresses of `people` (users or their ids, a queryset of `user_id` too)."""
    turned_off = _turn_off(CalendarFeed.objects.filter(person__in=people))
    if turned_off:
        logger.info("calendar feeds turned off count=%s", turned_off)
    return turned_off


def _turn_off(feeds) -> int:
    return feeds.exclude(token_hash="").update(
        token_hash="", token_created_at=None, updated_at=timezone.now()
    )


def calendar_feed_title_set(*, person, title: str) -> None:
    CalendarFeed.objects.update_or_create(person=person, defaults={"title": title})
