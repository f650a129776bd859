from django.core.management.base import BaseCommand
from django.db import transaction

from checkins.models import Answer

BATCH = 1000


class Command(BaseCommand):
    help = (
        "Re-encrypt every note under the newest key (the first of NOTE_ENCRYPTION_KEYS). "
        "Run after putting a new key first; then the old key can be removed."
    )

    def handle(self, *args, **options):
        rotated, last_pk = 0, 0
        while True:
            with transaction.atomic():
                # Reading decrypts with whichever key fits; saving encrypts with the newest.
                batch = list(
                    Answer.objects.select_for_update()
                    .filter(pk__gt=last_pk)
                    .exclude(note="")
                    .order_by("pk")
                    .only("pk", "note")[:BATCH]
                )
                if not batch:
                    break
                Answer.objects.bulk_update(batch, ["note"])
            rotated += len(batch)
            last_pk = batch[-1].pk
        self.stdout.write(f"{rotated} notes re-encrypted under the newest key")
