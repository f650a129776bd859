from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from intimacy.encryption import EncryptedTextField

BATCH = 1000


def encrypted_fields():
    """(model, field name) for every encrypted column of every app (answers' notes, the talks'
    agreements and topics), found by field type so that a new one is never left out."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field.name


class Command(BaseCommand):
    help = (
        "Re-encrypt every note under the newest key (the first of NOTE_ENCRYPTION_KEYS). "
        "Run after putting a new key first; then the old key can be removed."
    )

    def handle(self, *args, **options):
        rotated = 0
        for model, name in encrypted_fields():
            last_pk = 0
            while True:
                with transaction.atomic():
                    # Reading decrypts with whichever key fits; saving encrypts with the newest.
                    batch = list(
                        model.objects.select_for_update()
                        .filter(pk__gt=last_pk)
                        .exclude(**{name: ""})
                        .order_by("pk")
                        .only("pk", name)[:BATCH]
                    )
                    if not batch:
                        break
                    model.objects.bulk_update(batch, [name])
                rotated += len(batch)
                last_pk = batch[-1].pk
        self.stdout.write(f"{rotated} notes re-encrypted under the newest key")
