"""Everything the app holds about one person, for their export. Nothing of the partner's beyond
what the partner chose to share with them."""

from collections import defaultdict
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import PushDevice
from calendars.selectors import calendar_feed_of
from checkins.models import SafetyAnswer
from checkins.selectors import history_entries, history_page_rounds
from couples.models import Invitation
from couples.selectors import former_partner_name, partner_of, partner_overview
from security.models import SecurityEvent

from .signals import export_sections


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _answer(answer, *, mine: bool) -> dict[str, Any]:
    data = {
        "dimension": answer.dimension.slug,
        # "pulse": the item asked every round and charted; "reflection": a rotating question
        # (every answer from before the pulse items began is one).
        "kind": "pulse" if answer.is_pulse else "reflection",
        "question": answer.question_text,
        "score": answer.score,
        "answer": answer.score_text,
        "note": answer.note,
    }
    if mine:
        # When the partner answered or edited is not something they chose to share.
        data["answered_at"] = _iso(answer.created_at)
        data["changed_at"] = _iso(answer.updated_at)
        data["shared_with_partner"] = answer.is_shared
        data["flagged_to_talk_about"] = answer.wants_talk
    return data


def _weighing(answer, *, mine: bool) -> dict[str, Any] | None:
    if answer is None:
        return None
    data = {"topics": answer.topic_labels}
    if mine:
        data["shared_with_partner"] = answer.is_shared
    return data


def _check_in(entry, safety_answers: dict[int, list]) -> dict[str, Any]:
    return {
        "opened_at": _iso(entry.round.opens_at),
        "closed_at": _iso(entry.round.closes_at),
        "with_partner": entry.is_couple_round,
        "my_answers": [_answer(a, mine=True) for a in entry.own_answers],
        "what_weighed_on_me": _weighing(entry.own_weighing, mine=True),
        # What the partner chose to share, once the reveal rule allowed it; never the rest.
        "partner_shared_answers": [_answer(a, mine=False) for a in entry.partner_answers],
        "what_weighed_on_my_partner": [_weighing(w, mine=False) for w in entry.partner_weighing],
        # Never in the partner's export: only the person's own, by person.
        "my_private_safety_answers": [
            {"question": answer.question_text, "answer": answer.choice_label}
            for answer in safety_answers.get(entry.round.pk, [])
        ],
    }


def personal_data_export(user) -> dict[str, Any]:
    profile = user.profile
    safety_answers = defaultdict(list)
    for answer in SafetyAnswer.objects.filter(person=user).order_by(
        "question__order", "question_id"
    ):
        safety_answers[answer.round_id].append(answer)
    overview = partner_overview(user)
    calendar_feed = calendar_feed_of(user)
    couples = ([overview.couple] if overview.couple else []) + [
        past.couple for past in overview.past_couples
    ]
    extra: dict[str, Any] = {}
    for _receiver, sections in export_sections.send(sender=None, user=user):
        extra.update(sections)
    return {
        "format": "check-in personal data export, version 1",
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
            "two_factor_methods": sorted(
                Authenticator.objects.filter(user=user).values_list("type", flat=True)
            ),
        },
        "profile": {
            "display_name": profile.display_name,
            "time_zone": profile.time_zone,
            "language": profile.language,
            "reminders_enabled": profile.reminders_enabled,
            "reminder_channels": profile.reminder_channels,
            "push_text": gettext(profile.get_push_text_display()),
            "quiet_hours_start": _iso(profile.quiet_hours_start),
            "quiet_hours_end": _iso(profile.quiet_hours_end),
            "created_at": _iso(profile.created_at),
            "updated_at": _iso(profile.updated_at),
        },
        # The devices that get notifications: what they are and since when, never the
        # subscription's address or keys.
        "notification_devices": [
            {"device": device.label, "since": _iso(device.created_at)}
            for device in PushDevice.objects.filter(person=user).order_by("created_at")
        ],
        # Whether a private calendar address works, never the address: only its hash is kept.
        "calendar_feed": {
            "address_works": bool(calendar_feed and calendar_feed.is_on),
            "address_made_at": _iso(calendar_feed.token_created_at) if calendar_feed else None,
            "event_name": calendar_feed.title if calendar_feed else None,
        },
        "couples": [
            {
                "status": couple.status,
                "started_at": _iso(couple.started_at),
                "ended_at": _iso(couple.ended_at),
                # Only the name the partner chose to show; never their email or activity.
                "partner_display_name": partner_of(couple=couple, user=user).profile.display_name
                if couple.is_active
                else former_partner_name(couple=couple, user=user),
            }
            for couple in couples
        ],
        "invitations_sent": [
            {
                "status": invitation.status,
                "sent_to_email": invitation.sent_to_email,
                "created_at": _iso(invitation.created_at),
                "expires_at": _iso(invitation.expires_at),
            }
            for invitation in Invitation.objects.filter(inviter=user).order_by("created_at")
        ],
        "invitations_answered": [
            {"status": invitation.status, "answered_at": _iso(invitation.responded_at)}
            for invitation in Invitation.objects.filter(responded_by=user).order_by("pk")
        ],
        "check_ins": [
            _check_in(entry, safety_answers) for entry in history_entries(history_page_rounds(user))
        ],
        "sessions": [
            {
                "ip": session.ip,
                "user_agent": session.user_agent,
                "created_at": _iso(session.created_at),
                "last_seen_at": _iso(session.last_seen_at),
            }
            for session in UserSession.objects.filter(user=user).order_by("created_at")
        ],
        "security_events": [
            {
                "event": event.kind,
                "at": _iso(event.created_at),
                "ip": event.ip,
                "user_agent": event.user_agent,
            }
            for event in SecurityEvent.objects.filter(user=user).order_by("created_at", "pk")
        ],
        **extra,
    }
