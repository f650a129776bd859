import secrets

from django.db import migrations, models

import accounts.models


def give_each_profile_a_token(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    for profile in Profile.objects.only("pk").iterator():
        Profile.objects.filter(pk=profile.pk).update(unsubscribe_token=secrets.token_urlsafe(32))


class Migration(migrations.Migration):
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
