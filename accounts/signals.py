import time

from allauth.usersessions.models import UserSession
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from security.sessions import SIGNED_IN_AT_SESSION_KEY

from .models import Profile, User
from .services import push_devices_forget


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


@receiver(user_logged_out, dispatch_uid="accounts_push_stops_at_log_out")
def push_stops_at_log_out(sender, request, user, **kwargs):
    # Sent before the session is flushed: its key still names the device's subscription.
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if user is not None and user.pk is not None and session_key:
        push_devices_forget(people=[user.pk], session_key=session_key)


@receiver(post_delete, sender=UserSession, dispatch_uid="accounts_push_stops_with_the_session")
def push_stops_with_the_session(sender, instance: UserSession, **kwargs):
    # A device logged out from another one ("log out every other device", the security log).
    if instance.session_key:
        push_devices_forget(people=[instance.user_id], session_key=instance.session_key)
