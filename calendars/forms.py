from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TITLE_MAX_LENGTH, validate_event_title


class CalendarTitleForm(forms.Form):
    title = forms.CharField(
        label=_("Name of the event in your calendar"),
        max_length=TITLE_MAX_LENGTH,
        validators=[validate_event_title],
        help_text=_(
            "Each check-in shows up with this name and nothing else. Anyone who glances at "
            "your calendar sees it, so choose something plain."
        ),
        error_messages={"required": _("Give the event a name, such as Check-in.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
