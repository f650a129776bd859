"""A fresh clone runs on SQLite with no server at all (`make run`). CI runs everything else on
PostgreSQL, so this walks the code that writes SQL by hand (trend rows, reminder plans) on
SQLite in a process of its own."""

import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

SCRIPT = """
from django.db import connection
from reminders.models import ReminderLog
from reminders.services import reminders_plan
from trends.models import WeeklyTrend
from trends.services import schedule_id_ranges, trends_rebuild_schedules
from checkins.models import Answer
from django.db.models import Avg

assert connection.vendor == "sqlite", connection.vendor
WeeklyTrend.objects.all().delete()
for first, last in schedule_id_ranges(1):
    trends_rebuild_schedules(first_id=first, last_id=last)
row = WeeklyTrend.objects.order_by("pk").first()
direct = Answer.objects.filter(
    person_id=row.person_id, dimension_id=row.dimension_id,
    round__schedule_id=row.schedule_id, round__week_start=row.week_start, is_pulse=True,
).aggregate(mean=Avg("score"))["mean"]
assert abs(row.mean - direct) < 1e-9, (row.mean, direct)
ReminderLog.objects.all().delete()
planned = reminders_plan()
assert planned > 0 and reminders_plan() == 0, planned
print("trend rows", WeeklyTrend.objects.count(), "reminders", planned)
"""


def test_trends_and_reminders_work_on_the_embedded_sqlite_database(
    project_dir, subprocess_env, tmp_path
):
    env = {
        k: v
        for k, v in subprocess_env.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}
    }
    env.update({"DEBUG": "True", "VAR_DIR": str(tmp_path)})

    def manage(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=project_dir,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    manage("migrate", "--noinput")
    manage("load_content")
    manage("seed_demo")
    output = manage("shell", "-c", SCRIPT)

    assert "trend rows" in output
