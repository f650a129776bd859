from dataclasses import dataclass
from datetime import datetime

from ua_parser import parse

from .models import SecurityEvent

RECENT_EVENTS_SHOWN = 100


@dataclass(frozen=True)
class ShownEvent:
    kind: str
    what: str
    at: datetime
    ip: str | None
    device: str
    is_warning: bool


def device_label(user_agent: str) -> str:
    """'Firefox on Android' rather than a 150-character header; ua-parser keeps the rules
    current as browsers change."""
    if not user_agent:
        return "Unknown device"
    parsed = parse(user_agent)
    browser = parsed.user_agent.family if parsed.user_agent else ""
    system = parsed.os.family if parsed.os else ""
    browser = "" if browser == "Other" else browser
    system = "" if system == "Other" else system
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "Unknown device"


# Events someone else could have caused: worth a second look from the owner.
WARNING_KINDS = {SecurityEvent.Kind.LOGIN_FAILED, SecurityEvent.Kind.PASSWORD_RESET}


def recent_security_events(user) -> list[ShownEvent]:
    events = SecurityEvent.objects.filter(user=user).order_by("-created_at", "-pk")[
        :RECENT_EVENTS_SHOWN
    ]
    return [
        ShownEvent(
            kind=event.kind,
            what=event.get_kind_display(),
            at=event.created_at,
            ip=event.ip,
            device=device_label(event.user_agent),
            is_warning=event.kind in WARNING_KINDS,
        )
        for event in events
    ]
