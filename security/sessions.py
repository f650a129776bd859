"""When a log-in began, as the session records it: read by SessionLifetimeMiddleware on every
request and by the nightly prune (security.services); written at log-in (accounts.signals)."""

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY

SIGNED_IN_AT_SESSION_KEY = "signed_in_at"


def session_signed_in_at(session) -> float | None:
    """When this log-in began (a Unix time), as noted at log-in; for sessions from before that
    note existed, the first authentication allauth recorded in them."""
    signed_in_at = session.get(SIGNED_IN_AT_SESSION_KEY)
    if signed_in_at is None:
        recorded = [m.get("at") for m in session.get(AUTHENTICATION_METHODS_SESSION_KEY, [])]
        signed_in_at = min((at for at in recorded if at), default=None)
    return signed_in_at
