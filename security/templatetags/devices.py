from django import template

from security.selectors import device_label

register = template.Library()


@register.filter
def device(user_agent: str) -> str:
    """'Firefox on Android' for a browser's user-agent header."""
    return device_label(user_agent or "")
