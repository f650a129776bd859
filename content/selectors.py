from django.db.models import Prefetch, QuerySet

from .models import Dimension, LocalResources, Prompt, SafetyChoice, SafetyQuestion


def dimensions_for_about_page() -> QuerySet[Dimension]:
    return Dimension.objects.prefetch_related(
        "sources",
        Prefetch("prompts", queryset=Prompt.objects.askable().order_by("order"), to_attr="askable"),
    )


def safety_questions_asked() -> list[SafetyQuestion]:
    """The active safety questions, in order, each with `asked_choices` in order: one query."""
    questions: dict[int, SafetyQuestion] = {}
    choices = (
        SafetyChoice.objects.filter(question__is_active=True)
        .select_related("question")
        .order_by("question__order", "question__slug", "order", "pk")
    )
    for choice in choices:
        question = questions.setdefault(choice.question_id, choice.question)
        if not hasattr(question, "asked_choices"):
            question.asked_choices = []
        choice.question = question
        question.asked_choices.append(choice)
    return list(questions.values())


def local_resources_text() -> str:
    """What an admin wrote about help near the people of this server, or ""."""
    return LocalResources.objects.values_list("text", flat=True).first() or ""
