from datetime import date, datetime

from django import template

from intimacy.formats import format_local

register = template.Library()


@register.filter(expects_localtime=True)
def local_date(value: date | datetime | None, name: str = "DATE_FORMAT") -> str:
    """{{ when|local_date:"WEEKDAY_DATETIME_FORMAT" }}: the viewer's language's format of that
    name (intimacy/formats), where a fixed format string would be English in every language."""
    if value in (None, ""):
        return ""
    return format_local(value, name)
