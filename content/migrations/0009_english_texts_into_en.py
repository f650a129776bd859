"""The English texts of an existing installation move into their new `_en` columns.

0008 added a column per language beside each translated field, all empty. django-modeltranslation
reads the active language's column and falls back to `_en`, so with `_en` empty every page would
show nothing; its `update_translation_fields` command does this copy by hand, and this migration
does it on `migrate` so that no installation has to remember. The German and Spanish come from
`load_content` (content/library/library.de.toml and .es.toml), which fills blank translations.
"""

from django.db import migrations
from django.db.models import F

TRANSLATED = {
    "Dimension": ("name", "description", "ideas"),
    "Prompt": (
        "text",
        "help_text",
        "scale_low",
        "scale_2",
        "scale_mid",
        "scale_4",
        "scale_high",
        "not_applicable_label",
    ),
    "Practice": ("title", "body"),
    "SafetyQuestion": ("text", "help_text"),
    "SafetyChoice": ("label",),
    "LocalResources": ("text",),
}


def english_into_en(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("content", model_name)
        # Only where `_en` is still empty, so that running it again after edits changes nothing.
        for name in fields:
            model.objects.filter(**{f"{name}_en__isnull": True}).update(**{f"{name}_en": F(name)})


class Migration(migrations.Migration):
    dependencies = [("content", "0008_translations")]

    operations = [migrations.RunPython(english_into_en, migrations.RunPython.noop)]
