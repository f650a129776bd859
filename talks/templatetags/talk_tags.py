"""For check-in pages, which show talks without the checkins app importing this one."""

from django import template

from talks import selectors

register = template.Library()


@register.simple_tag
def agreement_before(round_):
    """The couple's latest agreement from before this round (one query), or None."""
    return selectors.agreement_before(round_)
