from allauth.account import forms as allauth_forms
from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _

from .models import Profile, User, time_zone_choices


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = ("email",)


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up, plus the name the partner will see and the browser's time zone."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=50,
        help_text=_("What your partner will see. A first name or nickname is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    # Preselected from the browser's language region (accounts.views.SignupView); with
    # JavaScript, static/js/time-zone.js picks the browser's own zone instead.
    # Not required: a post without it (a script, an old page) starts on UTC.
    time_zone = forms.ChoiceField(
        required=False,
        label=_("Your time zone"),
        help_text=_("Reminders come, and dates show, in this zone. You can change it later."),
        initial="UTC",
        widget=forms.Select(attrs={"data-browser-time-zone": ""}),
    )

    field_order = ["email", "display_name", "password1", "password2", "time_zone"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()
        if self.is_bound:
            # What the person chose stays chosen when the form comes back with an error.
            self.fields["time_zone"].widget.attrs.pop("data-browser-time-zone", None)

    def try_save(self, request):
        if self.account_already_exists:
            # allauth answers an address that has an account with the same page as a new one,
            # but skips the password hashing that a new account costs (about a tenth of a
            # second with Argon2): the time alone would tell a stranger the address is known.
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)


def _relabel(form: forms.Form, labels: dict[str, str]) -> None:
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = label


class LoginForm(allauth_forms.LoginForm):
    """allauth's log-in, its labels in the site's sentence case."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self, {"remember": _("Remember me")})


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    """allauth's password change, its labels in the site's sentence case."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _relabel(
            self,
            {
                "oldpassword": _("Current password"),
                "password1": _("New password"),
                "password2": _("New password (again)"),
            },
        )


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    """allauth's new password from a reset link, its labels in the site's sentence case."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self, {"password1": _("New password"), "password2": _("New password (again)")})


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_("Reminders and dates are shown in this zone."),
    )

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "time_zone",
            "language",
            "reminders_enabled",
            "reminder_channels",
            "push_text",
            "quiet_hours_start",
            "quiet_hours_end",
        ]
        labels = {
            "display_name": _("Your name"),
            "language": _("Language"),
            "reminders_enabled": _("Remind me when a check-in is ready"),
            "reminder_channels": _("Remind me by"),
            "push_text": _("What a notification says"),
            "quiet_hours_start": _("Quiet hours start"),
            "quiet_hours_end": _("Quiet hours end"),
        }
        help_texts = {
            "reminder_channels": _(
                "Notifications go only to the devices you turn them on for, on the "
                "notifications page."
            ),
            "push_text": _(
                "Always under this site's name, with nothing about you or your partner."
            ),
            "quiet_hours_start": _(
                "No reminder arrives between these times; it waits until they end. Left "
                "empty, the “still open” reminder still never comes between 22:00 "
                "and 08:00."
            ),
        }
        widgets = {
            "reminder_channels": forms.RadioSelect,
            "push_text": forms.RadioSelect,
            "quiet_hours_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_hours_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()
        self.fields["push_text"].choices = [(v, _(label)) for v, label in Profile.PushText.choices]
        # Radio buttons and the language select always post one of their choices; a form
        # posted without them (an older page, a script) keeps what was chosen before.
        for name in ("reminder_channels", "push_text", "language"):
            self.fields[name].required = False

    def clean_reminder_channels(self) -> str:
        return self.cleaned_data.get("reminder_channels") or self.instance.reminder_channels

    def clean_push_text(self) -> str:
        return self.cleaned_data.get("push_text") or self.instance.push_text

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or self.instance.language

    def save(self, commit: bool = True) -> Profile:
        profile = super().save(commit=False)
        if "reminders_enabled" in self.changed_data and profile.reminders_enabled:
            # Turned back on: the unsubscribe links in emails sent before must not undo that.
            profile.replace_unsubscribe_token()
        if commit:
            profile.save()
        return profile

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("quiet_hours_start"), cleaned.get("quiet_hours_end")
        # On the field that is missing or wrong: a field with an error is left out of the
        # model's constraint checks, which would add the constraint's own name as a second
        # error.
        if (start is None) != (end is None):
            missing = "quiet_hours_end" if end is None else "quiet_hours_start"
            if not self.has_error(missing):  # a time typed wrong already has its message
                self.add_error(
                    missing, _("Give both a start and an end for quiet hours, or neither.")
                )
        elif start is not None and start == end:
            self.add_error(
                "quiet_hours_end", _("Quiet hours need to start and end at different times.")
            )
        return cleaned


class PushSubscriptionForm(forms.Form):
    """What a browser's PushSubscription holds: where to send, and the keys to encrypt with."""

    endpoint = forms.URLField(max_length=1000, assume_scheme="https")
    p256dh = forms.RegexField(regex=r"^[A-Za-z0-9_-]{80,100}={0,2}$", max_length=200)
    auth = forms.RegexField(regex=r"^[A-Za-z0-9_-]{16,40}={0,2}$", max_length=100)
