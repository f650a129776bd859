"""Couples with years of weekly check-ins, written with COPY: one statement per table per chunk
of couples, not one ORM save per row.

The rows keep every rule the app's own code paths keep: per person, round and dimension an
answer to the pulse item and one to the reflection question the round asked; a submission for
every person who answered; shared and private answers as people choose them (a prompt's
default, sometimes switched), so the trends computed from them look like real ones. Notes, when
present, are encrypted like any note.
"""

import io
import random
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Profile, new_unsubscribe_token
from bench.parallel import in_processes
from checkins.slots import monday_of
from content.models import Dimension, Prompt
from intimacy.encryption import encrypt_note

ZONES = ("Europe/Paris", "America/New_York", "UTC", "Asia/Tokyo", "America/Los_Angeles")
LANGUAGE_CODES = tuple(code for code, _ in settings.LANGUAGES)
TIME_OF_DAY = time(19, 0)
WINDOW = timedelta(days=3)  # a weekly round stays open three days (Schedule.window_days)
ANSWER_RATE = 0.95  # how often a person answers a past round
NOTE_RATE = 0.05  # how often an answer carries a note
SWITCH_SHARE_RATE = 0.1  # how often a person flips a prompt's default share switch
CHUNK_COUPLES = 500  # couples per transaction: bounded memory, steady progress
EMAIL_PREFIX = "bench"


@dataclass
class Generated:
    couples: int = 0
    people: int = 0
    rounds: int = 0
    answers: int = 0
    schedule_ids: list[int] = field(default_factory=list)


def _ts(moment: datetime) -> str:
    return moment.isoformat()


def _line(values: Iterable) -> str:
    return "\t".join("\\N" if v is None else str(v) for v in values) + "\n"


class _Table:
    """The rows of one table for one chunk, in COPY's text format."""

    def __init__(self, name: str, columns: str) -> None:
        self.name, self.columns, self.buffer, self.count = name, columns, io.StringIO(), 0

    def add(self, *values) -> None:
        self.buffer.write(_line(values))
        self.count += 1

    def copy(self, cursor) -> None:
        self.buffer.seek(0)
        cursor.copy_expert(f"COPY {self.name} ({self.columns}) FROM STDIN", self.buffer)


def _reserve_ids(cursor, table: str, count: int) -> list[int]:
    """Ids taken from the table's own sequence, so that later ORM inserts never collide."""
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        [table, count],
    )
    return [row[0] for row in cursor.fetchall()]


def _prompts_by_dimension() -> list[tuple[Dimension, Prompt | None, list[Prompt]]]:
    """Per dimension its pulse item (if any) and its reflection questions, in rotation order."""
    result = []
    for dimension in Dimension.objects.order_by("order"):
        askable = Prompt.objects.askable().filter(dimension=dimension).order_by("order")
        pulse = askable.filter(kind=Prompt.Kind.PULSE).first()
        reflections = list(askable.filter(kind=Prompt.Kind.REFLECTION))
        if reflections:
            result.append((dimension, pulse, reflections))
    if not result:
        raise RuntimeError("No prompts: run `python manage.py load_content` first.")
    return result


def generate(
    *,
    couples: int,
    weeks: int,
    password: str,
    seed: int = 1,
    now: datetime | None = None,
    partner_in_other_zone: float = 0.2,
    progress=None,
    processes: int = 1,
    chunk_couples: int = CHUNK_COUPLES,
) -> Generated:
    """Create `couples` couples, each with a weekly schedule whose round opened yesterday
    evening (open now, unanswered) and `weeks` answered rounds before it. Chunks of couples
    are written by `processes` processes; what the rows say is the same for any number of
    them, only the ids differ."""
    job = _ChunkJob(
        first=0,
        size=0,
        seed=f"{seed}",
        weeks=weeks,
        now=now or timezone.now(),
        password_hash=make_password(password),  # one hash for all: hashing is not measured
        partner_in_other_zone=partner_in_other_zone,
    )
    jobs = [
        replace(job, first=first, size=min(chunk_couples, couples - first), seed=f"{seed}:{index}")
        for index, first in enumerate(range(0, couples, chunk_couples))
    ]
    result = Generated()
    for written in in_processes(_write_chunk, jobs, processes):
        result.couples += written.couples
        result.people += written.people
        result.rounds += written.rounds
        result.answers += written.answers
        result.schedule_ids += written.schedule_ids
        if progress:
            progress(result.couples)
    return result


@dataclass(frozen=True)
class _ChunkJob:
    """One transaction's worth of couples, from the `first`-th; its own random stream, so that
    the rows do not depend on which process writes which chunk, or in what order (their ids
    and what is named after them, emails and round codes, do)."""

    first: int
    size: int
    seed: str
    weeks: int
    now: datetime
    password_hash: str
    partner_in_other_zone: float


def _write_chunk(job: _ChunkJob) -> Generated:
    result = Generated()
    with transaction.atomic():
        _chunk(
            first=job.first,
            size=job.size,
            weeks=job.weeks,
            now=job.now,
            rng=random.Random(job.seed),
            password_hash=job.password_hash,
            dimensions=_prompts_by_dimension(),
            partner_in_other_zone=job.partner_in_other_zone,
            result=result,
        )
    return result


def _chunk(
    *, first, size, weeks, now, rng, password_hash, dimensions, partner_in_other_zone, result
):
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg2's own cursor, for copy_expert
        user_ids = _reserve_ids(cursor, "accounts_user", 2 * size)
        couple_ids = _reserve_ids(cursor, "couples_couple", size)
        schedule_ids = _reserve_ids(cursor, "checkins_schedule", size)
        journal_ids = _reserve_ids(cursor, "checkins_schedule", 2 * size)
        round_ids = iter(_reserve_ids(cursor, "checkins_round", size * (weeks + 1)))

        users = _Table(
            "accounts_user",
            "id, password, is_superuser, is_staff, is_active, date_joined, email",
        )
        emails = _Table("account_emailaddress", 'email, verified, "primary", user_id')
        profiles = _Table(
            "accounts_profile",
            "display_name, time_zone, language, reminders_enabled, reminder_channels, push_text, "
            "unsubscribe_token, created_at, updated_at, user_id",
        )
        couple_rows = _Table("couples_couple", "id, status, started_at, created_at")
        members = _Table(
            "couples_couplemember",
            "slot, is_active, joined_at, display_name_at_end, couple_id, user_id",
        )
        schedules = _Table(
            "checkins_schedule",
            "id, cadence, weekday, time_of_day, time_zone, anchor_date, is_paused, "
            "created_at, updated_at, couple_id",
        )
        # Every account has its journal (made with it), waiting while the person is linked.
        journals = _Table(
            "checkins_schedule",
            "id, cadence, weekday, time_of_day, time_zone, anchor_date, is_paused, "
            "created_at, updated_at, owner_id",
        )
        rounds = _Table(
            "checkins_round",
            "id, code, opens_at, closes_at, week_start, is_skipped, created_at, schedule_id",
        )
        round_prompts = _Table(
            "checkins_roundprompt", "dimension_id, prompt_id, is_pulse, round_id"
        )
        submissions = _Table("checkins_submission", "submitted_at, person_id, round_id")
        answers = _Table(
            "checkins_answer",
            "score, note, is_shared, is_pulse, wants_talk, language, created_at, updated_at, "
            "dimension_id, person_id, prompt_id, round_id",
        )

        for index in range(size):
            couple_id, schedule_id = couple_ids[index], schedule_ids[index]
            people = user_ids[2 * index : 2 * index + 2]
            zone_name = rng.choice(ZONES)
            zone = ZoneInfo(zone_name)
            person_zones = [zone_name, zone_name]
            if rng.random() < partner_in_other_zone:
                person_zones[1] = rng.choice(ZONES)
            # The latest slot was yesterday evening in the couple's zone: that round is open now.
            yesterday = now.astimezone(zone).date() - timedelta(days=1)
            first_day = yesterday - timedelta(weeks=weeks)
            started = datetime.combine(first_day, TIME_OF_DAY, tzinfo=zone) - timedelta(days=2)
            started_at = _ts(started.astimezone(UTC))
            for slot, (person_id, person_zone) in enumerate(
                zip(people, person_zones, strict=True), start=1
            ):
                email = f"{EMAIL_PREFIX}{person_id}@example.com"
                users.add(person_id, password_hash, "f", "f", "t", started_at, email)
                emails.add(email, "t", "t", person_id)
                profiles.add(
                    f"Person {person_id}",
                    person_zone,
                    # Each language, so that the load test reads every catalogue.
                    LANGUAGE_CODES[person_id % len(LANGUAGE_CODES)],
                    "t",
                    Profile.ReminderChannels.BOTH,
                    Profile.PushText.READY,
                    new_unsubscribe_token(),
                    started_at,
                    started_at,
                    person_id,
                )
                members.add(slot, "t", started_at, "", couple_id, person_id)
                journals.add(
                    journal_ids[2 * index + slot - 1],
                    "weekly",
                    yesterday.weekday(),
                    TIME_OF_DAY.isoformat(),
                    person_zone,
                    monday_of(first_day),
                    "f",
                    started_at,
                    started_at,
                    person_id,
                )
            couple_rows.add(couple_id, "active", started_at, started_at)
            schedules.add(
                schedule_id,
                "weekly",
                yesterday.weekday(),
                TIME_OF_DAY.isoformat(),
                zone_name,
                monday_of(first_day),
                "f",
                started_at,
                started_at,
                couple_id,
            )
            # Each person has a mood per dimension that drifts slowly over the years.
            mood = {(p, d.pk): rng.uniform(2.0, 4.0) for p in people for d, _, _ in dimensions}
            for week in range(weeks, -1, -1):
                day = yesterday - timedelta(weeks=week)
                local_open = datetime.combine(day, TIME_OF_DAY, tzinfo=zone)
                opens_at = local_open.astimezone(UTC)
                closes_at = (local_open + WINDOW).astimezone(UTC)
                round_id = next(round_ids)
                rounds.add(
                    round_id,
                    f"b{round_id}x{rng.getrandbits(48):012x}",
                    _ts(opens_at),
                    _ts(closes_at),
                    monday_of(day),
                    "f",
                    _ts(opens_at - timedelta(days=1)),
                    schedule_id,
                )
                asked = []
                for dimension, pulse, reflections in dimensions:
                    if pulse is not None:
                        round_prompts.add(dimension.pk, pulse.pk, "t", round_id)
                        asked.append((dimension, pulse))
                    prompt = reflections[(week + first + index) % len(reflections)]
                    round_prompts.add(dimension.pk, prompt.pk, "f", round_id)
                    asked.append((dimension, prompt))
                result.rounds += 1
                if week == 0:
                    continue  # the open round: nobody has answered yet
                for person_id in people:
                    if rng.random() >= ANSWER_RATE:
                        continue
                    answered = _ts(opens_at + timedelta(minutes=rng.randint(10, 60 * 60)))
                    submissions.add(answered, person_id, round_id)
                    for dimension, prompt in asked:
                        key = (person_id, dimension.pk)
                        if prompt.is_pulse:  # the mood drifts once a round, before its pulse
                            mood[key] = min(4.6, max(1.4, mood[key] + rng.uniform(-0.15, 0.15)))
                        score = min(5, max(1, round(mood[key] + rng.uniform(-0.9, 0.9))))
                        shared = prompt.shared_by_default
                        if rng.random() < SWITCH_SHARE_RATE:
                            shared = not shared
                        note = ""
                        if not prompt.is_pulse and rng.random() < NOTE_RATE:
                            note = encrypt_note(f"Generated note {rng.getrandbits(32):08x}")
                        answers.add(
                            score,
                            note,
                            "t" if shared else "f",
                            "t" if prompt.is_pulse else "f",
                            "f",  # nobody asked to talk about it
                            # Asked in the person's language (the profile's, above).
                            LANGUAGE_CODES[person_id % len(LANGUAGE_CODES)],
                            answered,
                            answered,
                            dimension.pk,
                            person_id,
                            prompt.pk,
                            round_id,
                        )
            result.schedule_ids.append(schedule_id)

        # Parents before children: the foreign keys are checked at commit, but in this order
        # a failure names the first table that is wrong.
        for table in (users, emails, profiles, couple_rows, members, schedules, journals, rounds):
            table.copy(cursor)
        for table in (round_prompts, submissions, answers):
            table.copy(cursor)
    result.couples += size
    result.people += 2 * size
    result.answers += answers.count


def analyze() -> None:
    """Fresh planner statistics: after a bulk load the planner would otherwise guess."""
    with connection.cursor() as cursor:
        for table in (
            "accounts_user",
            "accounts_profile",
            "couples_couplemember",
            "checkins_schedule",
            "checkins_round",
            "checkins_roundprompt",
            "checkins_submission",
            "checkins_answer",
            "trends_weeklytrend",
        ):
            cursor.execute(f"ANALYZE {table}")


def require_bench_database() -> None:
    """The generator's --fresh and the reminder benchmark empty tables: only ever in a
    database made for benchmarks."""
    name = connection.settings_dict["NAME"]
    if "bench" not in name:
        raise SystemExit(f"Refusing to empty database {name!r}: its name must contain 'bench'.")


def empty_data_tables() -> None:
    """Remove every person and what hangs off them (content stays). Benchmark databases only."""
    require_bench_database()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE accounts_user, couples_couple, checkins_schedule CASCADE")
