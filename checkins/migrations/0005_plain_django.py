from django.db import migrations

# The SQL functions that earlier versions created at migrate time for a few hot queries, named
# after the query and a digest of its SQL: none of the code calls them any more.
OLD_FUNCTION_PREFIXES = (
    "checkins_round_for_user_",
    "checkins_round_write_",
    "checkins_practices_",
    "trends_dashboard_state_",
)


def drop_old_functions(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT oid::regprocedure::text FROM pg_proc "
            "WHERE pronamespace = 'public'::regnamespace AND proname LIKE ANY(%s)",
            [[f"{prefix}%" for prefix in OLD_FUNCTION_PREFIXES]],
        )
        for (signature,) in cursor.fetchall():
            cursor.execute(f"DROP FUNCTION IF EXISTS {signature}")


class Migration(migrations.Migration):
    dependencies = [
        ("checkins", "0004_submission_updated_at_removed"),
    ]

    operations = [
        migrations.RunPython(drop_old_functions, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(model_name="round", name="revision"),
        migrations.RemoveField(model_name="schedule", name="trends_revision"),
    ]
