from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from ua_parser import parse

from .models import SecurityEvent

ACTIVITY_SHOWN = 100
FAILURES_SHOWN = 10

# Events anyone who knows the address can cause. They are summed up apart from the rest, so that
# a flood of them cannot push a log-in or a change off the page.
FAILURE_KINDS = [SecurityEvent.Kind.LOGIN_FAILED, SecurityEvent.Kind.TWO_FACTOR_FAILED]


@dataclass(frozen=True)
class ShownEvent:
    what: str
    at: datetime
    ip: str | None
    device: str
    # Recorded without a request of the person's (the partner accepting their invitation, say):
    # there is no device or address of theirs to show.
    from_elsewhere: bool = False


@dataclass(frozen=True)
class SecurityLog:
    activity: list[ShownEvent]
    failures: list[ShownEvent]
    failure_count: int


def device_label(user_agent: str) -> str:
    """'Firefox on Android' rather than a 150-character header; ua-parser keeps the rules
    current as browsers change."""
    if not user_agent:
        return _("Unknown device")
    parsed = parse(user_agent)
    browser = parsed.user_agent.family if parsed.user_agent else ""
    system = parsed.os.family if parsed.os else ""
    browser = "" if browser == "Other" else browser
    system = "" if system == "Other" else system
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or system or _("Unknown device")


def _shown(event: SecurityEvent) -> ShownEvent:
    return ShownEvent(
        what=event.get_kind_display(),
        at=event.created_at,
        ip=event.ip,
        device=device_label(event.user_agent),
        from_elsewhere=not event.user_agent and not event.ip,
    )


def security_log_for(user) -> SecurityLog:
    """The person's own log: their account's activity, and failed attempts counted apart."""
    events = SecurityEvent.objects.filter(user=user).order_by("-created_at", "-pk")
    failures = events.filter(kind__in=FAILURE_KINDS)
    return SecurityLog(
        activity=[_shown(e) for e in events.exclude(kind__in=FAILURE_KINDS)[:ACTIVITY_SHOWN]],
        failures=[_shown(e) for e in failures[:FAILURES_SHOWN]],
        failure_count=failures.count(),
    )
