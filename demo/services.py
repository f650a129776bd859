import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


DEMO_ACCOUNTS = (
    ("admin", "admin@example.com"),
    ("partner", "alex@example.com"),
    ("partner", "sam@example.com"),
)


def _load_or_create_passwords(credentials_file: Path) -> dict[str, str]:
    # Random per machine, kept in the untracked var/ folder so that they survive re-runs;
    # a fixed password in the repository would open every demo instance someone exposes.
    passwords = json.loads(credentials_file.read_text()) if credentials_file.exists() else {}
    for _, email in DEMO_ACCOUNTS:
        passwords.setdefault(email, secrets.token_urlsafe(9))
    credentials_file.write_text(json.dumps(passwords, indent=2))
    credentials_file.chmod(0o600)
    return passwords


@transaction.atomic
def demo_seed(*, credentials_file: Path) -> list[DemoLogin]:
    """Create (or reset the passwords of) the demo admin and the two demo partners."""
    passwords = _load_or_create_passwords(credentials_file)
    user_model = get_user_model()
    logins = []
    for role, email in DEMO_ACCOUNTS:
        user, _ = user_model.objects.get_or_create(email=email)
        user.is_staff = user.is_superuser = role == "admin"
        user.set_password(passwords[email])
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        logins.append(DemoLogin(role=role, email=email, password=passwords[email]))
    return logins
