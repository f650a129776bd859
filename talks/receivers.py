from django.dispatch import receiver

from checkins.selectors import rounds_visible_to
from privacy.signals import export_sections

from .models import Agreement, Skip, Topic


@receiver(export_sections)
def talks_in_export(sender, *, user, **kwargs) -> dict:
    """The person's talks for their data export: what was agreed in each round of their
    couples (both partners' shared note), and their own topics and skips."""
    rounds = rounds_visible_to(user)
    return {
        "talks": {
            "agreements": [
                {
                    "check_in_opened_at": agreement.round.opens_at.isoformat(),
                    "text": agreement.text,
                    "changed_at": agreement.changed_at.isoformat(),
                    "changed_by_me": agreement.changed_by_id == user.pk,
                }
                for agreement in Agreement.objects.filter(round__in=rounds, version__gt=0)
                .select_related("round")
                .order_by("round__opens_at")
            ],
            "my_topics": [
                {"check_in_opened_at": topic.round.opens_at.isoformat(), "text": topic.text}
                for topic in Topic.objects.filter(person=user)
                .select_related("round")
                .order_by("round__opens_at")
            ],
            "talks_i_skipped": [
                skip.round.opens_at.isoformat()
                for skip in Skip.objects.filter(person=user)
                .select_related("round")
                .order_by("round__opens_at")
            ],
        }
    }
