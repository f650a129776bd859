from django.core.management.base import BaseCommand, CommandError

from checkins.models import Answer
from intimacy.encryption import NoteKeyError


class Command(BaseCommand):
    help = (
        "Exit non-zero unless the configured keys decrypt the newest and the oldest stored "
        "notes. Run before the web server starts, so a wrong key stops the deploy."
    )

    def handle(self, *args, **options):
        notes = Answer.objects.exclude(note="").only("pk", "note")
        try:
            for answer in (notes.order_by("pk").first(), notes.order_by("-pk").first()):
                if answer is not None:
                    answer.note  # noqa: B018 (decrypted on load; this only touches it)
        except NoteKeyError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("note keys ok")
