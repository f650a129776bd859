"""The log-in backends, reading each request's person with their profile in one query: every
page needs the profile's time zone (accounts.middleware)."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from .models import User


class _WithProfile:
    def get_user(self, user_id) -> User | None:
        user = User._default_manager.select_related("profile").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class ProfileModelBackend(_WithProfile, ModelBackend):
    """Django's username-and-password backend (the admin's log-in)."""


class AccountBackend(_WithProfile, AuthenticationBackend):
    """allauth's backend (log-in by email)."""
