"""Writes on summaries: proposing, consenting, withdrawing, and the share links."""

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from checkins.models import Schedule
from couples.models import Couple, CoupleMember, hash_token
from security.models import SecurityEvent
from security.services import security_event_record
from trends.selectors import week_window

from .models import PERIODS, SHARE_LINK_MAX_DAYS, ShareLink, Summary

logger = logging.getLogger(__name__)

SHARE_LINK_DAYS = (7, 14, SHARE_LINK_MAX_DAYS)


class SummaryRefused(Exception):
    """The action is not open to this person on this summary (now)."""


def summary_propose(*, person, couple: Couple, weeks: int, now=None) -> Summary:
    """A new summary of the couple's last `weeks` weeks, proposed by `person`, who must be an
    active member of `couple`. It shows only their own shared answers until the other agrees."""
    if weeks not in PERIODS:
        raise SummaryRefused("unknown period")
    if (
        not couple.is_active
        or not CoupleMember.objects.filter(couple=couple, user=person, is_active=True).exists()
    ):
        raise SummaryRefused("not an active member")
    now = now or timezone.now()
    schedule = Schedule.objects.get(couple=couple)
    window = week_window(weeks=weeks, time_zone=schedule.time_zone, now=now)
    summary = Summary.objects.create(
        couple=couple,
        schedule=schedule,
        proposed_by=person,
        weeks=weeks,
        first_week=window[0],
        last_week=window[-1],
        created_at=now,
    )
    logger.info("summary proposed summary_id=%s", summary.pk)
    return summary


def _respond(*, summary: Summary, person, status: str, from_statuses, now=None) -> bool:
    """The partner who did not propose it answers, while the couple is active. Claimed with a
    conditional update, so a withdrawal or a second answer at the same moment cannot cross it."""
    if summary.proposed_by_id == person.pk or not summary.couple.is_active:
        return False
    if not CoupleMember.objects.filter(couple_id=summary.couple_id, user=person).exists():
        return False
    now = now or timezone.now()
    changed = Summary.objects.filter(pk=summary.pk, status__in=from_statuses).update(
        status=status, responded_at=now
    )
    if changed:
        summary.status, summary.responded_at = status, now
        logger.info("summary answered summary_id=%s status=%s", summary.pk, status)
    return bool(changed)


def summary_accept(*, summary: Summary, person, now=None) -> bool:
    """Consent to a summary of the couple (also after declining it first)."""
    return _respond(
        summary=summary,
        person=person,
        status=Summary.Status.AGREED,
        from_statuses=[Summary.Status.PROPOSED, Summary.Status.DECLINED],
        now=now,
    )


def summary_decline(*, summary: Summary, person, now=None) -> bool:
    """Say no: the summary then only ever shows what its proposer shared."""
    return _respond(
        summary=summary,
        person=person,
        status=Summary.Status.DECLINED,
        from_statuses=[Summary.Status.PROPOSED],
        now=now,
    )


def summary_withdraw(*, summary: Summary, person) -> bool:
    """Either partner, at any time (after unlinking too): the summary and its links are gone."""
    if not CoupleMember.objects.filter(couple_id=summary.couple_id, user=person).exists():
        return False
    deleted, _ = Summary.objects.filter(pk=summary.pk).delete()
    logger.info("summary withdrawn summary_id=%s", summary.pk)
    return bool(deleted)


@dataclass(frozen=True)
class NewShareLink:
    link: ShareLink
    token: str  # the only time it is known: show it once


def share_link_create(*, summary: Summary, person, days: int, now=None) -> NewShareLink:
    """A read-only link to a summary both agreed to, of an active couple, for `days` days."""
    if days not in SHARE_LINK_DAYS:
        raise SummaryRefused("unknown duration")
    if summary.status != Summary.Status.AGREED or not summary.couple.is_active:
        raise SummaryRefused("a share link needs both partners' consent")
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)  # 256 bits
    link = ShareLink.objects.create(
        summary=summary,
        token_hash=hash_token(token),
        created_by=person,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    logger.info("summary share link made summary_id=%s link_id=%s", summary.pk, link.pk)
    return NewShareLink(link=link, token=token)


def share_link_revoke(*, link: ShareLink, person, now=None) -> bool:
    """Either partner stops a link at once."""
    now = now or timezone.now()
    changed = ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=person
    )
    logger.info("summary share link revoked link_id=%s", link.pk)
    return bool(changed)


def share_link_opened(*, request: HttpRequest, link: ShareLink) -> None:
    """Write the opening into both partners' security logs (time and browser, and the address
    as the log keeps it for every event), in one transaction."""
    with transaction.atomic():
        members = CoupleMember.objects.filter(couple_id=link.summary.couple_id)
        for member in members.select_related("user"):
            security_event_record(
                request=request, user=member.user, kind=SecurityEvent.Kind.SUMMARY_OPENED
            )
