import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.models import Profile
from couples.selectors import active_couple_for
from couples.services import invitation_accept, invitation_create


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


DEMO_ACCOUNTS = (
    ("admin", "admin@example.com", "Admin", "UTC"),
    # Partners in two zones, as real couples often are.
    ("partner", "alex@example.com", "Alex", "Europe/Paris"),
    ("partner", "sam@example.com", "Sam", "America/New_York"),
)


def _load_or_create_passwords(credentials_file: Path) -> dict[str, str]:
    # Random per machine, kept in the untracked var/ folder so that they survive re-runs;
    # a fixed password in the repository would open every demo instance someone exposes.
    passwords = json.loads(credentials_file.read_text()) if credentials_file.exists() else {}
    for _, email, _, _ in DEMO_ACCOUNTS:
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
    users = {}
    for role, email, display_name, time_zone in DEMO_ACCOUNTS:
        user, _ = user_model.objects.get_or_create(email=email)
        user.is_staff = user.is_superuser = role == "admin"
        user.set_password(passwords[email])
        user.save()
        Profile.objects.filter(user=user).update(display_name=display_name, time_zone=time_zone)
        users[email] = user
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        logins.append(DemoLogin(role=role, email=email, password=passwords[email]))
    _link_demo_couple(users["alex@example.com"], users["sam@example.com"])
    return logins


def _link_demo_couple(first, second) -> None:
    if active_couple_for(first) or active_couple_for(second):
        return
    invitation = invitation_create(inviter=first)
    invitation_accept(token=invitation.token, user=second)
