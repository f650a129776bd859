"""Writes for a round's talk: the agreement, a topic of one's own, skipping. Each is allowed
only to an active member of the round's couple who may see the partner's shared answers
(talks.selectors.talk_round_for_user checks both before the view calls these)."""

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from checkins.models import Round

from .models import AGREEMENT_MAX_LENGTH, TOPIC_MAX_LENGTH, Agreement, Skip, Topic

logger = logging.getLogger(__name__)


class TalkError(Exception):
    """A rule of the talk was not met; the message is written for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StaleAgreement(Exception):
    """The agreement changed since the person's copy: `current` is the newer one."""

    def __init__(self, current: Agreement) -> None:
        super().__init__("The agreement changed since it was read.")
        self.current = current


def _check_open(round_: Round) -> None:
    couple = round_.schedule.couple
    if couple is None or not couple.is_active:
        raise TalkError(gettext("This couple has ended, so the talk can no longer change."))


def agreement_save(
    *, round_: Round, person, text: str, version: int, now: datetime | None = None
) -> Agreement:
    """Save the round's agreement as `person` wrote it on the copy numbered `version`. Raises
    StaleAgreement when someone saved since (a conditional UPDATE: no lock, no lost edit), and
    TalkError when the text is too long or the couple has ended."""
    _check_open(round_)
    text = text.strip()
    if len(text) > AGREEMENT_MAX_LENGTH:
        raise TalkError(
            gettext("The agreement can be at most %(count)s characters long.")
            % {"count": AGREEMENT_MAX_LENGTH}
        )
    now = now or timezone.now()
    with transaction.atomic():
        Agreement.objects.get_or_create(round=round_)
        saved = Agreement.objects.filter(round=round_, version=version).update(
            text=text, version=F("version") + 1, changed_by=person, changed_at=now
        )
        current = Agreement.objects.get(round=round_)
    if not saved:
        raise StaleAgreement(current)
    logger.info("agreement saved round_id=%s version=%s", round_.pk, current.version)
    return current


def topic_set(*, round_: Round, person, text: str) -> None:
    """Set the person's own topic for the round's talk; an empty one removes it."""
    _check_open(round_)
    text = " ".join(text.split())
    if len(text) > TOPIC_MAX_LENGTH:
        raise TalkError(
            gettext("A topic can be at most %(count)s characters long.")
            % {"count": TOPIC_MAX_LENGTH}
        )
    if not text:
        Topic.objects.filter(round=round_, person=person).delete()
        return
    Topic.objects.update_or_create(round=round_, person=person, defaults={"text": text})


def talk_skip(*, round_: Round, person, skip: bool) -> None:
    """Skip the round's talk, or take the skip back. Only the person sees that they skipped."""
    _check_open(round_)
    if skip:
        Skip.objects.get_or_create(round=round_, person=person)
    else:
        Skip.objects.filter(round=round_, person=person).delete()
