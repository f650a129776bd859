import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .models import Dimension, Practice, Prompt, SafetyChoice, SafetyQuestion, Source

DEFAULT_LIBRARY = Path(__file__).resolve().parent / "library" / "library.toml"


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.kept
        bucket[kind] = bucket.get(kind, 0) + 1


@transaction.atomic
def library_load(*, path: Path = DEFAULT_LIBRARY) -> LoadReport:
    """Add what the library file has and the database lacks, matched by slug.

    Rows that already exist are left exactly as they are, so an admin's edits survive every
    deploy; running it twice creates nothing twice.
    """
    with path.open("rb") as library_file:
        library = tomllib.load(library_file)
    report = LoadReport()

    sources = {}
    for item in library["sources"]:
        source, created = Source.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "title": item["title"],
                "subtitle": item.get("subtitle", ""),
                "author": item["author"],
                "seed_file": item["seed_file"],
            },
        )
        sources[source.slug] = source
        report.count("sources", created)

    dimensions = {}
    for item in library["dimensions"]:
        dimension, created = Dimension.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "description": item["description"],
                "ideas": item["ideas"],
                "higher_is_better": item["higher_is_better"],
                "order": item["order"],
            },
        )
        if created:
            dimension.sources.set(sources[slug] for slug in item["sources"])
        dimensions[dimension.slug] = dimension
        report.count("dimensions", created)

    for item in library["prompts"]:
        # Any version counts: a prompt an admin revised keeps its slug.
        created = not Prompt.objects.filter(slug=item["slug"]).exists()
        if created:
            prompt = Prompt.objects.create(
                slug=item["slug"],
                dimension=dimensions[item["dimension"]],
                kind=item.get("kind", Prompt.Kind.REFLECTION),
                text=item["text"],
                help_text=item.get("help_text", ""),
                scale_low=item["scale_low"],
                scale_2=item.get("scale_2", ""),
                scale_mid=item["scale_mid"],
                scale_4=item.get("scale_4", ""),
                scale_high=item["scale_high"],
                not_applicable_label=item.get("not_applicable_label", ""),
                shared_by_default=item["shared_by_default"],
                support_at_lowest=item.get("support_at_lowest", False),
                order=item["order"],
            )
            prompt.sources.set(sources[slug] for slug in item["sources"])
        report.count("prompts", created)

    for item in library["practices"]:
        practice, created = Practice.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "title": item["title"],
                "body": item["body"].strip(),
                "dimension": dimensions[item["dimension"]],
                "suggest_when": item["suggest_when"],
                "score_min": Decimal(str(item["score_min"])),
                "score_max": Decimal(str(item["score_max"])),
                "minutes": item["minutes"],
            },
        )
        if created:
            practice.sources.set(sources[slug] for slug in item["sources"])
        report.count("practices", created)

    for item in library.get("safety_questions", []):
        question, created = SafetyQuestion.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "text": item["text"],
                "help_text": item.get("help_text", ""),
                "order": item["order"],
            },
        )
        if created:
            question.sources.set(sources[slug] for slug in item["sources"])
            SafetyChoice.objects.bulk_create(
                SafetyChoice(
                    question=question,
                    label=choice["label"],
                    order=order,
                    is_worrying=choice.get("worrying", False),
                )
                for order, choice in enumerate(item["choices"], start=1)
            )
        report.count("safety questions", created)
    return report


def prompt_is_answered(prompt_id: int) -> bool:
    return Prompt.objects.filter(pk=prompt_id, answers__isnull=False).exists()


@transaction.atomic
def prompt_revise(*, edited: Prompt) -> Prompt:
    """Save new wording for an answered prompt as its next version and retire the old one.

    `edited` is the prompt with the admin's changes, not yet saved; it becomes the new row,
    so every answer keeps pointing at the exact text it answered.
    """
    old = Prompt.objects.select_for_update().get(pk=edited.pk)
    Prompt.objects.filter(pk=old.pk).update(retired_at=timezone.now(), is_active=False)
    edited.pk = None
    edited._state.adding = True
    edited.previous = old
    edited.version = (
        Prompt.objects.filter(slug=old.slug).aggregate(latest=Max("version"))["latest"] + 1
    )
    edited.retired_at = None
    edited.save()
    edited.sources.set(old.sources.all())
    return edited
