from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import AGREEMENT_MAX_LENGTH, TOPIC_MAX_LENGTH


class AgreementForm(forms.Form):
    text = forms.CharField(
        label=_("What we agreed"),
        required=False,
        max_length=AGREEMENT_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Either of you can change it; the newest saved words are what counts."),
    )
    # The version of the text this edit was made on: a save on an older one is refused.
    version = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)


class TopicForm(forms.Form):
    text = forms.CharField(
        label=_("A topic of your own"),
        required=False,
        max_length=TOPIC_MAX_LENGTH,
        help_text=format_lazy(
            _(
                "A few words, at most {count} characters. Your partner sees it. "
                "Leave it empty to remove it."
            ),
            count=TOPIC_MAX_LENGTH,
        ),
    )
