"""The checks that need the English columns filled (0009): a pulse item's labels, and one
choice of a label per question in each language (django-modeltranslation repeats the label's
unique constraint for each language's column)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("content", "0009_english_texts_into_en")]

    operations = [
        migrations.AddConstraint(
            model_name="prompt",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "pulse"), _negated=True),
                    models.Q(
                        ("scale_2_en__isnull", False),
                        ("scale_4_en__isnull", False),
                        models.Q(("scale_2_en", ""), _negated=True),
                        models.Q(("scale_4_en", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="content_prompt_pulse_labels_every_point",
            ),
        ),
        migrations.AddConstraint(
            model_name="safetychoice",
            constraint=models.UniqueConstraint(
                fields=("question", "label_en"), name="content_safetychoice_label-en"
            ),
        ),
        migrations.AddConstraint(
            model_name="safetychoice",
            constraint=models.UniqueConstraint(
                fields=("question", "label_de"), name="content_safetychoice_label-de"
            ),
        ),
        migrations.AddConstraint(
            model_name="safetychoice",
            constraint=models.UniqueConstraint(
                fields=("question", "label_es"), name="content_safetychoice_label-es"
            ),
        ),
    ]
