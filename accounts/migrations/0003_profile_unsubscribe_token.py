import secrets

from django.db import migrations, models, transaction

import accounts.models


def give_each_profile_a_token(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    while batch := list(Profile.objects.filter(unsubscribe_token=None).only("pk")[:1000]):
        for profile in batch:
            profile.unsubscribe_token = secrets.token_urlsafe(32)
        with transaction.atomic():
            Profile.objects.bulk_update(batch, ["unsubscribe_token"])


class Migration(migrations.Migration):
    # Step by step rather than in one transaction: the column is added at once, then filled a
    # thousand rows at a time without holding a lock on the whole table, then made unique. Run
    # again after an interruption, it fills only what is still empty.
    atomic = False

    dependencies = [
        ("accounts", "0002_profile"),
    ]

    operations = [
        # Added empty, filled one by one, then made unique: a default computed once would give
        # every existing profile the same token.
        migrations.AddField(
            model_name="profile",
            name="unsubscribe_token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(give_each_profile_a_token, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="profile",
            name="unsubscribe_token",
            field=models.CharField(
                default=accounts.models.new_unsubscribe_token,
                editable=False,
                max_length=64,
                unique=True,
            ),
        ),
    ]
