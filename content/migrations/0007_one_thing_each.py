from django.db import migrations
from django.utils import timezone

# Reflection questions reworded when the pulse items came: ones that named a week (a daily
# check-in asks about a day), asked about "you both" or "each other" (partners' answers should
# compare one person's experience each), asked two things at once, or repeated a pulse item.
# Per question, each field that changed: (as shipped before, as shipped now). Written out here
# rather than read from library.toml, so that a later edit of the library does not change what
# this migration does.
REWORDED = {
    "connection-felt-accepted": {
        "text": (
            "How accepted did you feel by your partner this past week, just as you are?",
            "How accepted did you feel by your partner, just as you are?",
        ),
    },
    "connection-felt-close": {
        "text": (
            "Overall, how close did you feel to your partner since your last check-in?",
            "How much did you feel that you and your partner were on the same side?",
        ),
        "help_text": (
            "Go with your first sense of the week as a whole, not just today.",
            "Think of whether you felt like a team, even when you disagreed.",
        ),
        "scale_low": (
            "Far apart",
            "Not at all",
        ),
        "scale_mid": (
            "Fairly close",
            "Partly",
        ),
        "scale_high": (
            "Very close",
            "Completely",
        ),
    },
    "connection-could-rely": {
        "text": (
            "When you needed support this past week, how much could you rely on your partner?",
            "When you needed support, how much could you rely on your partner?",
        ),
    },
    "connection-felt-valued": {
        "text": (
            "How valued and appreciated did you feel by your partner?",
            "How appreciated did you feel by your partner?",
        ),
        "scale_low": (
            "Not valued",
            "Not appreciated",
        ),
        "scale_mid": (
            "Somewhat valued",
            "Somewhat appreciated",
        ),
        "scale_high": (
            "Very valued",
            "Very appreciated",
        ),
    },
    "communication-talk-through-friction": {
        "text": (
            "When something bothered one of you, how calmly could you talk it through?",
            "When something bothered you, how calmly could you talk it through with your partner?",
        ),
    },
    "communication-open-honest": {
        "text": (
            "How open and honest did your conversations with your partner feel this past week?",
            "How honest could you be with your partner about what you thought and felt?",
        ),
        "help_text": (
            "Think of whether you both said what you really thought and felt.",
            "Think of times you held back, and times you could say it plainly.",
        ),
        "scale_low": (
            "Mostly guarded",
            "Mostly held back",
        ),
        "scale_mid": (
            "Fairly open",
            "Partly honest",
        ),
        "scale_high": (
            "Very open",
            "Fully honest",
        ),
    },
    "communication-understood-styles": {
        "text": (
            "How well did you understand each other's way of saying things?",
            "How well did you understand your partner's way of saying things?",
        ),
    },
    "desire-affection-amount": {
        "text": (
            "How content are you with the amount of affection between you this past week?",
            "How content were you with the amount of affection you received?",
        ),
    },
    "desire-closeness-fits": {
        "text": (
            "How well did the physical closeness between you suit what you each want?",
            "How well did the physical closeness between you suit what you want?",
        ),
    },
    "desire-warmth-playfulness": {
        "text": (
            "How much warmth or playfulness was there between you?",
            "How much playfulness did you enjoy with your partner?",
        ),
    },
    "obligation-quiet-resentment": {
        "text": (
            "How much quiet resentment or frustration did you notice in yourself around intimacy?",
            "How much quiet resentment did you notice in yourself around intimacy?",
        ),
    },
}


def reword_unedited(apps, schema_editor):
    """Give questions whose current version still holds the shipped wording the new wording: in
    place if nobody has answered them, else as their next version (content.services.
    prompt_revise's rule: an answer keeps the exact text it answered). A question an admin
    edited in any of these fields is left as the admin made it."""
    Prompt = apps.get_model("content", "Prompt")
    Answer = apps.get_model("checkins", "Answer")
    for slug, fields in REWORDED.items():
        shipped = {field: before for field, (before, _) in fields.items()}
        prompt = Prompt.objects.filter(slug=slug, retired_at__isnull=True, **shipped).first()
        if prompt is None:
            continue
        wording = {field: after for field, (_, after) in fields.items()}
        if not Answer.objects.filter(prompt=prompt).exists():
            Prompt.objects.filter(pk=prompt.pk).update(**wording)
            continue
        Prompt.objects.filter(pk=prompt.pk).update(retired_at=timezone.now(), is_active=False)
        unchanged = {
            field: getattr(prompt, field)
            for field in ("text", "help_text", "scale_low", "scale_mid", "scale_high")
        }
        revised = Prompt.objects.create(
            slug=slug,
            version=prompt.version + 1,
            previous=prompt,
            dimension_id=prompt.dimension_id,
            kind=prompt.kind,
            shared_by_default=prompt.shared_by_default,
            support_at_lowest=prompt.support_at_lowest,
            is_active=prompt.is_active,
            order=prompt.order,
            **(unchanged | wording),
        )
        revised.sources.set(prompt.sources.all())


class Migration(migrations.Migration):
    dependencies = [("content", "0006_pulse_items"), ("checkins", "0008_pulse_items")]

    operations = [migrations.RunPython(reword_unedited, migrations.RunPython.noop)]
