from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from .services import profile_update_from_sign_up


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # A self-hosted instance for one couple or a few friends can close its sign-up page.
        return settings.SIGNUP_OPEN

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            profile_update_from_sign_up(
                user=user,
                display_name=form.cleaned_data["display_name"],
                time_zone=form.cleaned_data.get("time_zone", ""),
            )
        return user
