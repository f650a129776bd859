import tomllib
from pathlib import Path

from django.db import migrations
from django.utils import timezone

LIBRARY = Path(__file__).resolve().parent.parent / "library" / "library.toml"
WORDING_FIELDS = ("text", "help_text", "scale_low", "scale_mid", "scale_high")

# The questions these reflection prompts shipped with before they were reworded: ones that
# named a week (a daily check-in asks about a day), asked about "you both" or "each other"
# (partners' answers should compare one person's experience each), or asked two things at
# once. A current version still holding the text was never revised by an admin.
SHIPPED_BEFORE = {
    "connection-felt-accepted": "How accepted did you feel by your partner this past week, just as you are?",
    "connection-could-rely": "When you needed support this past week, how much could you rely on your partner?",
    "communication-open-honest": "How open and honest did your conversations with your partner feel this past week?",
    "desire-affection-amount": "How content are you with the amount of affection between you this past week?",
    "communication-understood-styles": "How well did you understand each other's way of saying things?",
    "desire-closeness-fits": "How well did the physical closeness between you suit what you each want?",
    "communication-talk-through-friction": "When something bothered one of you, how calmly could you talk it through?",
    "desire-warmth-playfulness": "How much warmth or playfulness was there between you?",
    "connection-felt-valued": "How valued and appreciated did you feel by your partner?",
}


def reword_unrevised(apps, schema_editor):
    """Give prompts still worded as shipped the library's current wording: in place if nobody
    has answered them, else as their next version (content.services.prompt_revise's rule: an
    answer keeps the exact text it answered). An admin's revision is kept."""
    Prompt = apps.get_model("content", "Prompt")
    Answer = apps.get_model("checkins", "Answer")
    if not LIBRARY.exists():
        return
    with LIBRARY.open("rb") as library_file:
        library = tomllib.load(library_file)
    current = {item["slug"]: item for item in library.get("prompts", [])}
    for slug, shipped in SHIPPED_BEFORE.items():
        item = current.get(slug)
        prompt = Prompt.objects.filter(slug=slug, retired_at__isnull=True, text=shipped).first()
        if item is None or prompt is None:
            continue
        wording = {field: item.get(field, "") for field in WORDING_FIELDS}
        if not Answer.objects.filter(prompt=prompt).exists():
            Prompt.objects.filter(pk=prompt.pk).update(**wording)
            continue
        sources = list(prompt.sources.all())
        was_active = prompt.is_active
        Prompt.objects.filter(pk=prompt.pk).update(retired_at=timezone.now(), is_active=False)
        revised = Prompt.objects.create(
            slug=slug,
            version=prompt.version + 1,
            previous=prompt,
            dimension_id=prompt.dimension_id,
            kind=prompt.kind,
            shared_by_default=prompt.shared_by_default,
            support_at_lowest=prompt.support_at_lowest,
            is_active=was_active,
            order=prompt.order,
            **wording,
        )
        revised.sources.set(sources)


class Migration(migrations.Migration):
    dependencies = [("content", "0006_pulse_items"), ("checkins", "0008_pulse_items")]

    operations = [migrations.RunPython(reword_unrevised, migrations.RunPython.noop)]
