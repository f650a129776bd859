from django.db import migrations

GROUP_NAME = "Content editors"
MODELS = ("source", "dimension", "prompt", "practice")


def create_content_editors(apps, schema_editor):
    # Permissions are normally made after all migrations; make the content ones now so that the
    # group can hold them on a fresh database.
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("content")
    app_config.models_module = True  # the migration state's stub lacks it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    # Content only: no users, answers, notes or anything else.
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="content", content_type__model__in=MODELS)
    )


def remove_content_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_content_editors, remove_content_editors)]
