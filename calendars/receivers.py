"""A calendar address stops where the link between two people ends."""

from django.dispatch import receiver

from couples.models import CoupleMember
from couples.signals import couple_ended

from .services import calendar_feeds_turn_off


@receiver(couple_ended, dispatch_uid="calendars_feeds_stop_when_unlinked")
def feeds_stop_when_unlinked(sender, couple_id: int, **kwargs):
    # An address subscribed while linked may be in a calendar the other partner can see (a
    # shared tablet), and after the link it would show the journal's times: each makes a new
    # one, on purpose, if they want it for their journal. As web push does (reminders).
    calendar_feeds_turn_off(
        people=CoupleMember.objects.filter(couple_id=couple_id).values("user_id")
    )
