"""Web push stops where the link between two people ends."""

from django.dispatch import receiver

from accounts.services import push_devices_forget
from couples.models import CoupleMember
from couples.signals import couple_ended


@receiver(couple_ended, dispatch_uid="reminders_push_stops_when_unlinked")
def push_stops_when_unlinked(sender, couple_id: int, **kwargs):
    # A device set up while linked may be one the other partner can see (a shared tablet);
    # each turns notifications on again, on purpose, if they want them for their journal.
    people = CoupleMember.objects.filter(couple_id=couple_id).values("user_id")
    push_devices_forget(people=people)
