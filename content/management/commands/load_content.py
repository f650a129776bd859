from pathlib import Path

from django.core.management.base import BaseCommand

from content.services import DEFAULT_LIBRARY, library_load


class Command(BaseCommand):
    help = (
        "Add the default prompts and practices that are missing, and fill their blank "
        "translations; never changes an existing text."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=DEFAULT_LIBRARY)

    def handle(self, *args, path: Path, **options):
        report = library_load(path=path)
        for kind in ("sources", "dimensions", "prompts", "practices"):
            self.stdout.write(
                f"{kind}: {report.created.get(kind, 0)} added, {report.kept.get(kind, 0)} kept"
            )
        self.stdout.write(f"translations: {report.translated} filled in existing items")
