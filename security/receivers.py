"""What allauth tells us about an account, written to its owner's security log."""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.dispatch import receiver

from .models import SecurityEvent
from .services import security_event_record

Kind = SecurityEvent.Kind

ACCOUNT_SIGNAL_KINDS = {
    account_signals.user_logged_in: Kind.LOGGED_IN,
    account_signals.password_changed: Kind.PASSWORD_CHANGED,
    account_signals.password_set: Kind.PASSWORD_CHANGED,
    account_signals.password_reset: Kind.PASSWORD_RESET,
    account_signals.email_added: Kind.EMAIL_ADDED,
    account_signals.email_removed: Kind.EMAIL_REMOVED,
    account_signals.email_changed: Kind.EMAIL_CHANGED,
}


def _record_account_event(sender, request=None, user=None, signal=None, **kwargs) -> None:
    if signal is account_signals.email_changed and not _an_address_was_replaced(**kwargs):
        return  # confirming the address one signed up with changes nothing
    security_event_record(request=request, user=user, kind=ACCOUNT_SIGNAL_KINDS[signal])


def _an_address_was_replaced(*, from_email_address=None, to_email_address=None, **kwargs) -> bool:
    return from_email_address is not None and (
        from_email_address.email.lower() != to_email_address.email.lower()
    )


for account_signal in ACCOUNT_SIGNAL_KINDS:
    account_signal.connect(_record_account_event, dispatch_uid=f"security-{id(account_signal)}")


@receiver(mfa_signals.authenticator_added, dispatch_uid="security-authenticator-added")
def _authenticator_added(sender, request, user, authenticator, **kwargs) -> None:
    # Turning on an authenticator app also makes recovery codes: one event, not two.
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        security_event_record(request=request, user=user, kind=Kind.TWO_FACTOR_ADDED)


@receiver(mfa_signals.authenticator_removed, dispatch_uid="security-authenticator-removed")
def _authenticator_removed(sender, request, user, authenticator, **kwargs) -> None:
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        security_event_record(request=request, user=user, kind=Kind.TWO_FACTOR_REMOVED)


@receiver(mfa_signals.authentication_failed, dispatch_uid="security-two-factor-failed")
def _two_factor_failed(sender, request, user, **kwargs) -> None:
    # The right password and then a wrong code: the strongest sign that someone else knows it.
    security_event_record(request=request, user=user, kind=Kind.TWO_FACTOR_FAILED)


@receiver(mfa_signals.authenticator_reset, dispatch_uid="security-authenticator-reset")
def _authenticator_reset(sender, request, user, authenticator, **kwargs) -> None:
    security_event_record(request=request, user=user, kind=Kind.RECOVERY_CODES_RENEWED)
