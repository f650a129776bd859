import dataclasses
import json
import random
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.models import Profile
from checkins import slots
from checkins.models import Round, Schedule
from checkins.selectors import schedule_for_person
from checkins.services import AnswerInput, checkin_submit, round_ensure_at
from couples.selectors import active_couple_for
from couples.services import invitation_accept, invitation_create
from summaries.models import Summary
from summaries.services import summary_accept, summary_propose
from talks.models import Agreement
from talks.services import agreement_save, topic_set


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


DEMO_ACCOUNTS = (
    ("admin", "admin@example.com", "Admin", "UTC"),
    # Partners in two zones, as real couples often are.
    ("partner", "alex@example.com", "Alex", "Europe/Paris"),
    ("partner", "sam@example.com", "Sam", "America/New_York"),
)


def _load_or_create_passwords(credentials_file: Path) -> dict[str, str]:
    # Random per machine, kept in the untracked var/ folder so that they survive re-runs;
    # a fixed password in the repository would open every demo instance someone exposes.
    passwords = json.loads(credentials_file.read_text()) if credentials_file.exists() else {}
    for _, email, _, _ in DEMO_ACCOUNTS:
        passwords.setdefault(email, secrets.token_urlsafe(9))
    credentials_file.write_text(json.dumps(passwords, indent=2))
    credentials_file.chmod(0o600)
    return passwords


@transaction.atomic
def demo_seed(*, credentials_file: Path) -> list[DemoLogin]:
    """Create (or reset the passwords of) the demo admin and the two demo partners."""
    passwords = _load_or_create_passwords(credentials_file)
    user_model = get_user_model()
    logins = []
    users = {}
    for role, email, display_name, time_zone in DEMO_ACCOUNTS:
        user, _ = user_model.objects.get_or_create(email=email)
        user.is_staff = user.is_superuser = role == "admin"
        user.set_password(passwords[email])
        user.save()
        profile = Profile.objects.get(user=user)
        profile.display_name, profile.time_zone = display_name, time_zone
        profile.save()
        user.profile = profile
        users[email] = user
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        logins.append(DemoLogin(role=role, email=email, password=passwords[email]))
    _link_demo_couple(users["alex@example.com"], users["sam@example.com"])
    _demo_history(users["alex@example.com"], users["sam@example.com"])
    _demo_talk(users["alex@example.com"], users["sam@example.com"])
    _demo_summary(users["alex@example.com"], users["sam@example.com"])
    return logins


def _link_demo_couple(first, second) -> None:
    if active_couple_for(first) or active_couple_for(second):
        return
    invitation = invitation_create(inviter=first)
    invitation_accept(token=invitation.token, user=second)


DEMO_WEEKS = 12


def _demo_history(first, second) -> None:
    """Twelve weeks of answered check-ins, with a believable drift and some private answers."""
    schedule = schedule_for_person(first)
    if schedule.rounds.filter(answers__isnull=False).exists():
        return
    # A round that opened yesterday evening is open now, so the demo has something to answer;
    # the rounds that linking made for the first slot go.
    now = timezone.now()
    yesterday = timezone.localtime(now, ZoneInfo(schedule.time_zone)).date() - timedelta(days=1)
    Schedule.objects.filter(pk=schedule.pk).update(weekday=yesterday.weekday())
    schedule.rounds.all().delete()
    schedule.refresh_from_db()
    current = slots.latest_slot_at_or_before(schedule, now)
    # The current round exists, unanswered, so a reminder is due as soon as beat runs.
    round_ensure_at(schedule, current)
    rng = random.Random(20261122)  # noqa: S311 (the same made-up history on every machine)
    for week in range(DEMO_WEEKS, 0, -1):
        opens_at = current - timedelta(weeks=week)
        round_ = round_ensure_at(schedule, opens_at)
        prompts = list(round_.round_prompts.select_related("dimension"))
        for person, mood in ((first, 0.0), (second, -0.4)):
            answers = []
            for round_prompt in prompts:
                warning = not round_prompt.dimension.higher_is_better
                trend = (DEMO_WEEKS - week) / DEMO_WEEKS  # things slowly get better
                base = 2.0 + 2.0 * trend + mood if not warning else 3.5 - 2.0 * trend
                score = max(1, min(5, round(base + rng.uniform(-0.8, 0.8))))
                answers.append(
                    AnswerInput(
                        dimension_id=round_prompt.dimension_id,
                        prompt_id=round_prompt.prompt_id,
                        score=score,
                        note="",
                        is_shared=not warning or rng.random() < 0.3,
                    )
                )
            if week == 1 and person == second:
                # Last week Sam wanted to talk about how they talk (a shared pulse answer).
                answers = [
                    dataclasses.replace(answer, wants_talk=True)
                    if answer.is_shared and _is_pulse_of(prompts, answer, "communication")
                    else answer
                    for answer in answers
                ]
            checkin_submit(
                round_=round_, person=person, answers=answers, now=opens_at + timedelta(hours=2)
            )


def _is_pulse_of(prompts, answer: AnswerInput, slug: str) -> bool:
    return any(
        rp.is_pulse and rp.prompt_id == answer.prompt_id and rp.dimension.slug == slug
        for rp in prompts
    )


DEMO_TOPIC = "Evenings that end on our phones"
DEMO_AGREEMENT = (
    "A walk on Sunday morning, phones at home. Sam says when a week gets too full, before it does."
)


def _latest_answered_round(first) -> Round | None:
    schedule = schedule_for_person(first)
    return schedule.rounds.filter(answers__isnull=False).distinct().order_by("-opens_at").first()


def _demo_talk(first, second) -> None:
    """The talk of the last answered round: a topic of Alex's and what the two agreed, written
    that evening, so the talk page, "Last time you agreed" and the summary show them. Only once:
    a demo agreement that was edited since is kept."""
    round_ = _latest_answered_round(first)
    if round_ is None or Agreement.objects.filter(round=round_).exists():
        return
    topic_set(round_=round_, person=first, text=DEMO_TOPIC)
    agreement_save(
        round_=round_,
        person=first,
        text=DEMO_AGREEMENT,
        version=0,
        now=round_.opens_at + timedelta(hours=3, minutes=4),
    )


DEMO_SUMMARY_WEEKS = 12


def _demo_summary(first, second) -> None:
    """A summary of the twelve weeks that Sam proposed and Alex accepted, so the demo shows the
    printable page with both partners' shared answers. Only while the couple has no summary,
    so seeding again adds none."""
    couple = active_couple_for(first)
    if couple is None or Summary.objects.filter(couple=couple).exists():
        return
    now = timezone.now()
    summary = summary_propose(
        person=second, couple=couple, weeks=DEMO_SUMMARY_WEEKS, now=now - timedelta(hours=2)
    )
    summary_accept(summary=summary, person=first, now=now - timedelta(hours=1))
