from django import template

from ..selectors import schedule_for_person, schedule_next_slot

register = template.Library()


@register.inclusion_tag("checkins/includes/schedule_summary.html")
def schedule_summary_of(person) -> dict:
    """The person's schedule in a sentence, with when the next check-in opens in their zone:
    for pages of other apps (the partner page), which need not import check-ins."""
    schedule = schedule_for_person(person)
    return {"schedule": schedule, "next_slot": schedule_next_slot(schedule)}
