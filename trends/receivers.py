from django.dispatch import receiver

from checkins.signals import answers_saved

from .services import trends_update_week
from .tasks import update_week_on_commit


@receiver(answers_saved, dispatch_uid="trends_update_the_week")
def update_the_week(sender, round, person, taken_back: frozenset[int], **kwargs):
    if taken_back:
        # An answer taken back from the partner leaves the shared trend at once, in the same
        # transaction, not when a worker gets to it.
        trends_update_week(schedule_id=round.schedule_id, week_start=round.week_start)
    else:
        update_week_on_commit(schedule_id=round.schedule_id, week_start=round.week_start)
