from django.db import migrations


def forget_rotating_prompt_weeks(apps, schema_editor):
    """Weekly trends now add up pulse items alone (trends.services._charted), and every answer
    so far was to a rotating prompt: the rows built from them go. They are derived data; the
    answers themselves stay, on the history page and in the export."""
    apps.get_model("trends", "WeeklyTrend").objects.all().delete()
    apps.get_model("trends", "PendingWeekUpdate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("trends", "0003_pending_week_update"), ("checkins", "0008_pulse_items")]

    operations = [migrations.RunPython(forget_rotating_prompt_weeks, migrations.RunPython.noop)]
