"""Notes are encrypted at rest with keys of their own (not SECRET_KEY), rotatable.

NOTE_ENCRYPTION_KEYS lists Fernet keys, newest first: new notes use the first, and any of them
decrypts. A note that none of them decrypts raises NoteKeyError: the app never shows
ciphertext or an empty note in its place.
"""

import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


class NoteKeyError(RuntimeError):
    """A stored note could not be decrypted with any configured key."""


@functools.cache
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def note_cipher() -> MultiFernet:
    return _cipher(tuple(settings.NOTE_ENCRYPTION_KEYS))


def encrypt_note(text: str) -> str:
    return note_cipher().encrypt(text.encode()).decode() if text else ""


def decrypt_note(token: str) -> str:
    if not token:
        return ""
    try:
        return note_cipher().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise NoteKeyError(
            "A note could not be decrypted: NOTE_ENCRYPTION_KEYS lacks the key it was written "
            "with (see README, 'Rotating the note keys')."
        ) from error


class EncryptedTextField(models.TextField):
    """Plain text in Python, Fernet ciphertext in the database."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt_note(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else encrypt_note(value)
