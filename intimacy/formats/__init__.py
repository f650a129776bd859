"""Date formats per language. Django's named formats (DATE_FORMAT and the rest) come from
<lang>/formats.py over Django's own; the extra names below cover the weekday forms our pages use,
which Django's `date` filter cannot look up by name."""

from datetime import date, datetime

from django.utils import dateformat, formats, timezone, translation

EXTRA_FORMATS = (
    "WEEKDAY_DATE_FORMAT",
    "WEEKDAY_DATE_YEAR_FORMAT",
    "WEEKDAY_DATETIME_FORMAT",
    "WEEKDAY_TIME_FORMAT",
)


def format_name(name: str) -> str:
    """The active language's format string for a Django format name or one of EXTRA_FORMATS."""
    if name not in EXTRA_FORMATS:
        return formats.get_format(name)
    for module in formats.get_format_modules(translation.get_language()):
        if hasattr(module, name):
            return getattr(module, name)
    return getattr(formats.get_format_modules("en")[0], name)


def format_local(value: date | datetime, name: str) -> str:
    """`value` in the active language's `name` format, in the active time zone if it has a time."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, format_name(name))
