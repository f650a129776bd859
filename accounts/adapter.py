from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # A self-hosted instance for one couple or a few friends can close its sign-up page.
        return settings.SIGNUP_OPEN
