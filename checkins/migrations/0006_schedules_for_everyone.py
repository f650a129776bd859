from datetime import time, timedelta
from zoneinfo import ZoneInfo

from django.db import migrations
from django.utils import timezone


def _fields(time_zone: str, now) -> dict:
    today = timezone.localtime(now, ZoneInfo(time_zone)).date()
    return {
        "weekday": today.weekday(),
        "time_of_day": time(19, 0),
        "time_zone": time_zone,
        "anchor_date": today - timedelta(days=today.weekday()),
    }


def make_missing_schedules(apps, schema_editor) -> None:
    """Pages no longer make a schedule on first view: every account gets its journal, and
    every active couple its schedule, here (the rounds follow with the next sweep)."""
    Schedule = apps.get_model("checkins", "Schedule")
    User = apps.get_model("accounts", "User")
    Couple = apps.get_model("couples", "Couple")
    CoupleMember = apps.get_model("couples", "CoupleMember")
    now = timezone.now()
    for user in User.objects.filter(solo_schedules__isnull=True).select_related("profile"):
        zone = getattr(getattr(user, "profile", None), "time_zone", None) or "UTC"
        Schedule.objects.create(owner=user, **_fields(zone, now))
    for couple in Couple.objects.filter(status="active", schedule__isnull=True):
        first = (
            CoupleMember.objects.filter(couple=couple)
            .select_related("user__profile")
            .order_by("slot")
            .first()
        )
        zone = first.user.profile.time_zone if first else "UTC"
        Schedule.objects.create(couple=couple, **_fields(zone, now))


class Migration(migrations.Migration):
    dependencies = [
        ("checkins", "0005_plain_django"),
        ("accounts", "0003_profile_unsubscribe_token"),
        ("couples", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(make_missing_schedules, migrations.RunPython.noop, elidable=True),
    ]
