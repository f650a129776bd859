import logging

from allauth.usersessions.models import UserSession
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.utils.module_loading import import_string

from couples.services import couple_end_for_user

logger = logging.getLogger(__name__)


def account_delete(*, user) -> None:
    """Delete a person and everything that is theirs, after ending their couple.

    The former partner keeps their own data and sees the couple as ended. Sessions on every
    device end too: Django's session rows are not tied to the user and would outlive it.
    """
    from django.conf import settings

    user_id = user.pk
    with transaction.atomic():
        couple_end_for_user(user=user)
        session_keys = list(
            UserSession.objects.filter(user=user).values_list("session_key", flat=True)
        )
        user.delete()
    session_store: type[SessionBase] = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    for session_key in session_keys:
        session_store().delete(session_key)
    logger.info("account deleted user_id=%s", user_id)
