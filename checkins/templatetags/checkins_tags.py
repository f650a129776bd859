from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

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


@register.simple_tag
def next_checkin_html(next_checkin) -> SafeString:
    """When the next check-in opens, as checkins/includes/next_checkin.html writes it, for a
    sentence that holds it whole: {% next_checkin_html next_checkin as when %} then
    {% blocktranslate with when=when %}The next one opens on {{ when }}.{% endblocktranslate %}."""
    return render_to_string("checkins/includes/next_checkin.html", {"next_checkin": next_checkin})
