from django.db import migrations

PRIVATE_BY_DEFAULT = ("connection-felt-safe", "communication-say-limits", "desire-touch-welcome")
SUPPORT_AT_LOWEST = ("connection-felt-safe", "desire-touch-welcome")
EDITOR_MODELS = ("safetyquestion", "safetychoice", "localresources")


def apply_safety_defaults(apps, schema_editor):
    """Questions about feeling safe, limits and touch being welcome start private, and the
    lowest answer to the safe and touch ones brings the support note; content editors may
    edit the safety questions and the local resources text, as they edit prompts."""
    from django.contrib.auth.management import create_permissions

    Prompt = apps.get_model("content", "Prompt")
    Prompt.objects.filter(slug__in=PRIVATE_BY_DEFAULT, retired_at__isnull=True).update(
        shared_by_default=False
    )
    Prompt.objects.filter(slug__in=SUPPORT_AT_LOWEST).update(support_at_lowest=True)

    app_config = apps.get_app_config("content")
    app_config.models_module = True  # the migration state's stub lacks it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Content editors").first()
    if group is not None:
        # No delete: a safety question or choice is made inactive, never deleted (its answers
        # need it, and the refusal would list them).
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="content", content_type__model__in=EDITOR_MODELS
            ).exclude(codename__startswith="delete_")
        )


class Migration(migrations.Migration):
    dependencies = [("content", "0003_safety_questions")]

    operations = [migrations.RunPython(apply_safety_defaults, migrations.RunPython.noop)]
