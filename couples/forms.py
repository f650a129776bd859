from django import forms


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Your partner's email (optional)",
        required=False,
        help_text="We send them the link. Leave empty to share it yourself.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class InvitationResponseForm(forms.Form):
    action = forms.ChoiceField(choices=[("accept", "Accept"), ("decline", "Decline")])
