import logging

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from couples.models import Couple
from couples.services import couple_end_for_user, lock_people

logger = logging.getLogger(__name__)


def account_delete(*, user) -> None:
    """Delete a person and everything that is theirs, after ending their couple.

    The former partner keeps their own data and sees the couple as ended. Sessions on every
    device end too: Django's session rows are not tied to the user and would outlive it.
    """
    user_id = user.pk
    with transaction.atomic():
        # The same lock an accept takes: an invitation accepted at this instant either links
        # first (and the couple is ended below) or finds the account gone.
        lock_people(user_id)
        couple_end_for_user(user=user)
        session_keys = list(
            UserSession.objects.filter(user=user).values_list("session_key", flat=True)
        )
        couple_ids = list(user.couple_memberships.values_list("couple_id", flat=True))
        user.delete()
        # A couple whose both members have left holds nobody's data any more.
        Couple.objects.filter(pk__in=couple_ids, members__isnull=True).delete()
    session_store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    for session_key in session_keys:
        session_store().delete(session_key)
    logger.info("account deleted user_id=%s", user_id)
