from itertools import groupby
from operator import attrgetter

from django.db.models import Prefetch, QuerySet

from .models import Dimension, LocalResources, Prompt, SafetyChoice, SafetyQuestion


def dimensions_for_about_page() -> QuerySet[Dimension]:
    """Each dimension with its sources, its pulse item (`pulse`, a list of at most one) and its
    reflection questions (`reflections`)."""
    askable = Prompt.objects.askable().order_by("order")
    return Dimension.objects.prefetch_related(
        "sources",
        Prefetch("prompts", queryset=askable.filter(kind=Prompt.Kind.PULSE), to_attr="pulse"),
        Prefetch(
            "prompts",
            queryset=askable.filter(kind=Prompt.Kind.REFLECTION),
            to_attr="reflections",
        ),
    )


def safety_questions_asked() -> list[SafetyQuestion]:
    """The active safety questions, in order, each with `asked_choices` in order: one query."""
    choices = (
        SafetyChoice.objects.filter(question__is_active=True)
        .select_related("question")
        .order_by("question__order", "question__slug", "order", "pk")
    )
    questions = []
    for _, of_one_question in groupby(choices, key=attrgetter("question_id")):
        of_one_question = list(of_one_question)
        question = of_one_question[0].question
        question.asked_choices = of_one_question
        questions.append(question)
    return questions


def local_resources_text() -> str:
    """What an admin wrote about help near the people of this server, or ""."""
    return LocalResources.objects.values_list("text", flat=True).first() or ""
