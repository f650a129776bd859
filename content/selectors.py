from django.db.models import Prefetch, QuerySet

from .models import Dimension, Prompt


def dimensions_for_about_page() -> QuerySet[Dimension]:
    return Dimension.objects.prefetch_related(
        "sources",
        Prefetch("prompts", queryset=Prompt.objects.askable().order_by("order"), to_attr="askable"),
    )
