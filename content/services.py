import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation

from .models import Dimension, Practice, Prompt, SafetyChoice, SafetyQuestion, Source

DEFAULT_LIBRARY = Path(__file__).resolve().parent / "library" / "library.toml"
# The library's own language; the others have a file each beside it (translation_paths).
ENGLISH = "en"


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)
    # Blank German or Spanish texts filled in rows that existed already.
    translated: int = 0

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.kept
        bucket[kind] = bucket.get(kind, 0) + 1


# The fields of each library section that are translated (content/translation.py), as the
# library files name them; safety questions' choices are translated as a list beside them.
TRANSLATED_FIELDS = {
    "dimensions": ("name", "description", "ideas"),
    "prompts": Prompt.WORDING_FIELDS,
    "practices": ("title", "body"),
    "safety_questions": ("text", "help_text"),
}


def translation_paths(path: Path = DEFAULT_LIBRARY) -> dict[str, Path]:
    """The translation file of each language beside the English one: library.de.toml."""
    return {
        language: path.with_name(f"{path.stem}.{language}{path.suffix}")
        for language in other_languages()
    }


def other_languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES if code != ENGLISH]


def read_translations(path: Path = DEFAULT_LIBRARY) -> dict[str, dict]:
    """Each language's translations, by section and slug: {"de": {"prompts": {slug: {...}}}}.
    A language without a file has none (its pages show the English)."""
    translations = {}
    for language, translation_path in translation_paths(path).items():
        if translation_path.exists():
            with translation_path.open("rb") as translation_file:
                translations[language] = tomllib.load(translation_file)
    return translations


def _clean(section: str, field_name: str, value: str) -> str:
    # A practice's body is a multi-line string; its first and last newlines are not content.
    return value.strip() if section == "practices" and field_name == "body" else value


def _wording(section: str, item: dict, translations: dict[str, dict]) -> dict[str, str]:
    """The translated fields of a new row: `name_en`, `name_de`, `name_es`..."""
    values = {}
    for name in TRANSLATED_FIELDS[section]:
        values[f"{name}_{ENGLISH}"] = _clean(section, name, item.get(name, ""))
        for language, translated in translations.items():
            text = translated.get(section, {}).get(item["slug"], {}).get(name, "")
            # A missing translation is NULL, as the admin saves a blank one (the English shows).
            values[f"{name}_{language}"] = _clean(section, name, text) or None
    return values


def _fill_blank_translations(
    row, section: str, item: dict, translations: dict[str, dict]
) -> list[str]:
    """Fill the row's blank translations from the files, field by field, where the row's
    English is still the file's: a translation an admin wrote is never overwritten, and the
    file's German for English an admin has since reworded would no longer match it (the page
    shows the admin's English until someone translates it). Returns the fields filled."""
    filled = []
    for name in TRANSLATED_FIELDS[section]:
        english = _clean(section, name, item.get(name, ""))
        if (getattr(row, f"{name}_{ENGLISH}") or "") != english:
            continue
        for language, translated in translations.items():
            text = _clean(
                section, name, translated.get(section, {}).get(item["slug"], {}).get(name, "")
            )
            field_name = f"{name}_{language}"
            if text and not getattr(row, field_name):
                setattr(row, field_name, text)
                filled.append(field_name)
    return filled


def _fill_choice_translations(
    question: SafetyQuestion, item: dict, translations: dict[str, dict]
) -> int:
    """The same for a safety question's choices, matched by their English label."""
    english_labels = [choice["label"] for choice in item["choices"]]
    changed = 0
    for choice in question.choices.all():
        label_en = choice.label_en or ""
        if label_en not in english_labels:
            continue
        position = english_labels.index(label_en)
        filled = []
        for language, translated in translations.items():
            labels = translated.get("safety_questions", {}).get(item["slug"], {}).get("choices", [])
            field_name = f"label_{language}"
            if position < len(labels) and labels[position] and not getattr(choice, field_name):
                setattr(choice, field_name, labels[position])
                filled.append(field_name)
        if filled:
            choice.save(update_fields=filled)
            changed += len(filled)
    return changed


@transaction.atomic
def library_load(*, path: Path = DEFAULT_LIBRARY) -> LoadReport:
    """Add what the library files have and the database lacks, matched by slug.

    Rows that already exist are left as they are, so an admin's edits survive every deploy;
    only their blank German and Spanish texts are filled from library.de.toml and
    library.es.toml (where the English is still the file's). Running it twice changes nothing
    the second time.
    """
    with path.open("rb") as library_file:
        library = tomllib.load(library_file)
    translations = read_translations(path)
    report = LoadReport()
    # The plain fields (`name`) follow the active language when saved: keep it English.
    with translation.override(ENGLISH):
        _load(library, translations, report)
    return report


def _load(library: dict, translations: dict[str, dict], report: LoadReport) -> None:
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

    def fill(row, section: str, item: dict) -> None:
        filled = _fill_blank_translations(row, section, item, translations)
        if filled:
            row.save(update_fields=filled)
            report.translated += len(filled)

    dimensions = {}
    for item in library["dimensions"]:
        dimension, created = Dimension.objects.get_or_create(
            slug=item["slug"],
            defaults={
                **_wording("dimensions", item, translations),
                "higher_is_better": item["higher_is_better"],
                "order": item["order"],
            },
        )
        if created:
            dimension.sources.set(sources[slug] for slug in item["sources"])
        else:
            fill(dimension, "dimensions", item)
        dimensions[dimension.slug] = dimension
        report.count("dimensions", created)

    for item in library["prompts"]:
        # Any version counts: a prompt an admin revised keeps its slug. Its current version
        # gets the translations it lacks (answers record the language they were shown in, so
        # filling one in does not change what an earlier answer shows).
        created = not Prompt.objects.filter(slug=item["slug"]).exists()
        if created:
            prompt = Prompt.objects.create(
                slug=item["slug"],
                dimension=dimensions[item["dimension"]],
                kind=item.get("kind", Prompt.Kind.REFLECTION),
                **_wording("prompts", item, translations),
                shared_by_default=item["shared_by_default"],
                support_at_lowest=item.get("support_at_lowest", False),
                order=item["order"],
            )
            prompt.sources.set(sources[slug] for slug in item["sources"])
        elif current := Prompt.objects.current().filter(slug=item["slug"]).first():
            fill(current, "prompts", item)
        report.count("prompts", created)

    for item in library["practices"]:
        practice, created = Practice.objects.get_or_create(
            slug=item["slug"],
            defaults={
                **_wording("practices", item, translations),
                "dimension": dimensions[item["dimension"]],
                "suggest_when": item["suggest_when"],
                "score_min": Decimal(str(item["score_min"])),
                "score_max": Decimal(str(item["score_max"])),
                "minutes": item["minutes"],
            },
        )
        if created:
            practice.sources.set(sources[slug] for slug in item["sources"])
        else:
            fill(practice, "practices", item)
        report.count("practices", created)

    for item in library.get("safety_questions", []):
        question, created = SafetyQuestion.objects.get_or_create(
            slug=item["slug"],
            defaults={**_wording("safety_questions", item, translations), "order": item["order"]},
        )
        if created:
            question.sources.set(sources[slug] for slug in item["sources"])
            SafetyChoice.objects.bulk_create(
                SafetyChoice(
                    question=question,
                    label_en=choice["label"],
                    order=order,
                    is_worrying=choice.get("worrying", False),
                    **{
                        f"label_{language}": _choice_label(translated, item["slug"], order - 1)
                        for language, translated in translations.items()
                    },
                )
                for order, choice in enumerate(item["choices"], start=1)
            )
        else:
            fill(question, "safety_questions", item)
            report.translated += _fill_choice_translations(question, item, translations)
        report.count("safety questions", created)


def _choice_label(translated: dict, slug: str, position: int) -> str | None:
    # NULL when missing: each language's label is unique per question, and NULLs never clash.
    labels = translated.get("safety_questions", {}).get(slug, {}).get("choices", [])
    return (labels[position] if position < len(labels) else "") or None


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
