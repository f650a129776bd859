from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Invitation


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Your partner's email (optional)"),
        required=False,
        # The column's length, not forms.EmailField's 320: a longer address passed the form and
        # failed in PostgreSQL (a 500) instead of coming back with a message.
        max_length=Invitation._meta.get_field("sent_to_email").max_length,
        help_text=_("We send them the link. Leave empty to share it yourself."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class InvitationResponseForm(forms.Form):
    action = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
