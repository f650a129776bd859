"""Notes are encrypted at rest with their own rotatable keys, and a wrong key fails loudly."""

import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from checkins.models import Answer
from intimacy.encryption import NoteKeyError
from tests.accounts.helpers import log_in
from tests.checkins.helpers import open_round, submit
from tests.foundation.test_settings import PRODUCTION_ENV, run_manage

pytestmark = pytest.mark.django_db

NOTE = "something tender, 3f9a"
OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def raw_notes() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM checkins_answer WHERE note <> ''")
        return [row[0] for row in cursor.fetchall()]


def test_the_database_holds_ciphertext_and_the_app_reads_plain_text(couple):
    alex, _ = couple
    submit(open_round(alex), alex, note=NOTE)

    stored = raw_notes()
    assert len(stored) == 4
    assert all(NOTE not in value and value.startswith("gAAAA") for value in stored)
    assert {answer.note for answer in Answer.objects.filter(is_pulse=False)} == {NOTE}


def test_rotation_re_encrypts_every_note_under_the_newest_key(couple):
    alex, _ = couple
    with override_settings(NOTE_ENCRYPTION_KEYS=[OLD]):
        submit(open_round(alex), alex, note=NOTE)
    with override_settings(NOTE_ENCRYPTION_KEYS=[NEW, OLD]):
        assert {a.note for a in Answer.objects.filter(is_pulse=False)} == {NOTE}  # both keys read
        call_command("rotate_note_keys", stdout=None)

    assert all(Fernet(NEW).decrypt(value.encode()).decode() == NOTE for value in raw_notes())
    with override_settings(NOTE_ENCRYPTION_KEYS=[NEW]):
        assert {a.note for a in Answer.objects.filter(is_pulse=False)} == {NOTE}
        call_command("check_note_keys", stdout=None)


def test_a_wrong_key_fails_loudly_instead_of_showing_ciphertext(client, couple):
    alex, _ = couple
    round_ = open_round(alex)
    submit(round_, alex, note=NOTE)
    log_in(client, alex.email)

    with override_settings(NOTE_ENCRYPTION_KEYS=[NEW]):
        with pytest.raises(CommandError, match="could not be decrypted"):
            call_command("check_note_keys")
        with pytest.raises(NoteKeyError):
            client.get(f"/checkin/{round_.code}/")


def test_development_makes_a_key_file_on_first_run(project_dir, subprocess_env, tmp_path):
    env = {**subprocess_env, "DEBUG": "True", "VAR_DIR": str(tmp_path)}
    env.pop("NOTE_ENCRYPTION_KEYS", None)

    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=project_dir, env=env, capture_output=True
    )

    assert result.returncode == 0, result.stderr
    Fernet((tmp_path / "note-encryption-key").read_text().strip())  # a valid key


@pytest.mark.parametrize("keys", [None, "not-a-fernet-key"])
def test_production_refuses_to_start_without_a_valid_note_key(project_dir, subprocess_env, keys):
    env = {**subprocess_env, **PRODUCTION_ENV, "SECRET_KEY": Fernet.generate_key().decode() * 2}
    env.pop("NOTE_ENCRYPTION_KEYS")
    if keys:
        env["NOTE_ENCRYPTION_KEYS"] = keys

    result = run_manage(project_dir, env, "check")

    assert result.returncode != 0
    assert "NOTE_ENCRYPTION_KEYS" in result.stderr
