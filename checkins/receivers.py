"""Schedules begin with what they belong to: a journal with the account, a couple's with the
link. Pages only read them."""

from allauth.account.signals import user_signed_up
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from accounts.models import User
from couples.models import Couple
from couples.signals import couple_ended, couple_linked

from .models import Round, Schedule
from .services import (
    couple_schedule_start,
    journal_start,
    journal_time_zone_set,
    rounds_ensure,
)


@receiver(post_save, sender=User, dispatch_uid="checkins_journal_with_the_account")
def journal_with_the_account(sender, instance: User, created: bool, raw: bool, **kwargs):
    # After accounts' receiver, which makes the profile (its app comes first).
    if created and not raw:
        journal_start(instance)


@receiver(user_signed_up, dispatch_uid="checkins_journal_in_the_chosen_zone")
def journal_in_the_chosen_zone(sender, request, user: User, **kwargs):
    # The account (and its journal) was saved before sign-up filled in the person's zone.
    journal_time_zone_set(user, time_zone=user.profile.time_zone)


@receiver(couple_linked, dispatch_uid="checkins_couple_schedule")
def couple_schedule(sender, couple: Couple, accepted_by: User, **kwargs):
    # In the zone of the person who made the invitation (slot 1): they chose to start.
    members = list(couple.members.select_related("user__profile").order_by("slot"))
    couple_schedule_start(couple, time_zone=members[0].user.profile.time_zone)
    # Their journals wait while they are linked (live_schedules): the rounds they had made
    # ahead, open or to come and unanswered, would only show up empty in their history.
    Round.objects.filter(
        schedule__owner__in=[member.user_id for member in members],
        closes_at__gt=timezone.now(),
        answers__isnull=True,
    ).delete()


@receiver(couple_ended, dispatch_uid="checkins_journals_resume")
def journals_resume(sender, couple_id: int, **kwargs):
    def resume() -> None:
        for schedule in Schedule.objects.filter(
            owner__couple_memberships__couple_id=couple_id, is_paused=False
        ):
            rounds_ensure(schedule)

    transaction.on_commit(resume)
