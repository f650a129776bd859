import time

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver

from security.sessions import SIGNED_IN_AT_SESSION_KEY

from .models import Profile, User


@receiver(post_save, sender=User, dispatch_uid="accounts_create_profile")
def create_profile_with_the_account(sender, instance: User, created: bool, raw: bool, **kwargs):
    # Every path that creates a user (sign-up, admin, createsuperuser, the demo seed) gets a
    # profile; sign-up then fills in the name and zone the person gave.
    if created and not raw:
        Profile.objects.get_or_create(
            user=instance, defaults={"display_name": instance.email.split("@")[0][:50]}
        )


@receiver(user_logged_in, dispatch_uid="accounts_note_sign_in_time")
def note_when_the_session_began(sender, request, user, **kwargs):
    # SessionLifetimeMiddleware ends the log-in a fixed time after this.
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT_SESSION_KEY] = time.time()
