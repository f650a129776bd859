from django import template

from ..selectors import schedule_for_person, schedule_next_checkin

register = template.Library()


@register.inclusion_tag("checkins/includes/schedule_summary.html")
def schedule_summary_of(person, partner=None) -> dict:
    """The person's schedule in a sentence, with when the next check-in opens in their zone
    (and, once linked, on the partner's clock): for pages of other apps (the partner page),
    which need not import check-ins. `partner`, if the page has read it, saves a query."""
    schedule = schedule_for_person(person)
    return {
        "schedule": schedule,
        "next_checkin": schedule_next_checkin(schedule, viewer=person, partner=partner),
    }
