"""Each person's own security log: log-ins, wrong passwords, sign-in changes, exports and the
partner link, with time and device, so that nobody can use their account unnoticed."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client

from security.models import SecurityEvent
from security.services import security_data_prune
from tests.accounts.helpers import link_in_last_email, log_in, reauthenticate
from tests.accounts.test_signup import PASSWORD, sign_up
from tests.factories import DEFAULT_PASSWORD, UserFactory, link_partners

pytestmark = pytest.mark.django_db

PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
Kind = SecurityEvent.Kind


def kinds(user) -> list[str]:
    return list(
        SecurityEvent.objects.filter(user=user).order_by("pk").values_list("kind", flat=True)
    )


def security_page(client) -> str:
    """The page as its owner sees it: after entering the password again."""
    reauthenticate(client)
    response = client.get("/account/security/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_asks_for_the_password_first(client):
    log_in(client, UserFactory().email)

    assert client.get("/account/security/").url.startswith("/accounts/reauthenticate/")


def test_a_log_in_shows_on_the_persons_page_with_time_device_and_address(client):
    person = UserFactory()
    person.profile.time_zone = "Asia/Tokyo"
    person.profile.save()

    with time_machine.travel(datetime(2026, 3, 2, 22, 30, tzinfo=UTC), tick=False):
        client.post(
            "/accounts/login/",
            {"login": person.email, "password": DEFAULT_PASSWORD},
            HTTP_USER_AGENT=PHONE,
            REMOTE_ADDR="198.51.100.7",
        )
        page = security_page(client)

    assert "Logged in" in page
    assert "Chrome Mobile on Android" in page
    assert "198.51.100.7" in page
    assert "3 Mar 2026, 07:30" in page  # 22:30 UTC is the next morning in Tokyo


def test_a_wrong_password_is_logged_for_the_account_owner_only(client):
    owner = UserFactory(email="owner@example.com")
    before = SecurityEvent.objects.count()

    known = client.post("/accounts/login/", {"login": owner.email, "password": "a guess"})
    unknown = client.post("/accounts/login/", {"login": "nobody@example.com", "password": "x"})

    assert kinds(owner) == [Kind.LOGIN_FAILED]
    assert SecurityEvent.objects.count() == before + 1
    # Whoever tried sees the same answer whether the account exists or not.
    assert known.status_code == unknown.status_code == 200
    log_in(client, owner.email)
    assert "Wrong password entered" in security_page(client)


def test_password_email_and_two_factor_changes_are_logged(client):
    from allauth.mfa.totp.internal.auth import TOTP

    person = UserFactory(email="me@example.com")
    log_in(client, person.email)
    reauthenticate(client)
    new_password = "an entirely new passphrase"

    client.post(
        "/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": new_password, "password2": new_password},
    )
    client.post("/accounts/email/", {"email": "other@example.com", "action_add": ""})
    client.post("/accounts/email/", {"email": "other@example.com", "action_remove": ""})
    TOTP.activate(person, "JBSWY3DPEHPK3PXP")
    reauthenticate(client, new_password)
    client.post("/accounts/2fa/totp/deactivate/")

    assert kinds(person) == [
        Kind.LOGGED_IN,
        Kind.PASSWORD_CHANGED,
        Kind.EMAIL_ADDED,
        Kind.EMAIL_REMOVED,
        Kind.TWO_FACTOR_REMOVED,
    ]
    assert not Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()


def test_exports_and_the_partner_link_are_logged_for_the_person_who_acted(client):
    alex, sam = UserFactory(), UserFactory()
    link_partners(alex, sam)
    log_in(client, alex.email)
    reauthenticate(client)

    client.get("/account/data/export/")
    b"".join(client.get("/account/data/answers.csv").streaming_content)
    client.post("/partner/unlink/")

    assert kinds(alex) == [
        Kind.LOGGED_IN,
        Kind.DATA_EXPORTED,
        Kind.ANSWERS_EXPORTED,
        Kind.PARTNER_UNLINKED,
    ]
    assert kinds(sam) == []  # nothing of Alex's activity lands in Sam's log


def test_accepting_an_invitation_is_logged(client):
    from couples.services import invitation_create

    alex, sam = UserFactory(), UserFactory()
    token = invitation_create(inviter=alex).token
    log_in(client, sam.email)

    client.post(f"/partner/join/{token}/", {"action": "accept"})

    assert kinds(sam) == [Kind.LOGGED_IN, Kind.PARTNER_LINKED]
    # Alex's account was linked too: it shows in Alex's log, without Sam's address or browser.
    linked = SecurityEvent.objects.get(user=alex)
    assert (linked.kind, linked.ip, linked.user_agent) == (Kind.PARTNER_LINKED, None, "")


def test_the_page_shows_only_the_persons_own_events(client):
    alex, sam = UserFactory(), UserFactory()
    client.post(
        "/accounts/login/",
        {"login": sam.email, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="203.0.113.99",
    )
    client.post("/accounts/logout/")
    log_in(client, alex.email)

    page = security_page(client)

    assert "203.0.113.99" not in page
    assert page.count("Logged in") == 1


def test_the_page_costs_the_same_whatever_the_length_of_the_log(
    client, django_assert_max_num_queries
):
    person = UserFactory()
    log_in(client, person.email)
    SecurityEvent.objects.bulk_create(
        SecurityEvent(user=person, kind=Kind.LOGGED_IN, user_agent=PHONE) for _ in range(500)
    )

    reauthenticate(client)

    # Session, user, device list, profile, allauth's re-authentication check and three for the
    # log itself: the same for 500 events as for 5.
    with django_assert_max_num_queries(14):
        page = client.get("/account/security/")

    assert page.content.decode().count("Chrome Mobile on Android") == 100


def test_a_flood_of_wrong_passwords_cannot_push_a_log_in_off_the_page(client):
    person = UserFactory()
    intruder = Client(headers={"user-agent": PHONE})
    intruder.post("/accounts/login/", {"login": person.email, "password": DEFAULT_PASSWORD})
    SecurityEvent.objects.bulk_create(
        SecurityEvent(user=person, kind=Kind.LOGIN_FAILED) for _ in range(1000)
    )
    log_in(client, person.email)

    page = security_page(client)

    assert "Chrome Mobile on Android" in page  # the intruder's log-in is still listed
    assert "Entered 1000 times" in page
    assert page.count("Wrong password entered") == 10


def test_old_events_and_expired_sessions_are_deleted_by_the_nightly_prune(client, settings):
    settings.SECURITY_LOG_RETENTION_DAYS = 90
    person = UserFactory()
    with time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC)):
        log_in(client, person.email)
    with time_machine.travel(datetime(2026, 3, 15, tzinfo=UTC)):
        log_in(client, person.email)

    with time_machine.travel(datetime(2026, 4, 5, tzinfo=UTC)):
        events, sessions = security_data_prune()

    assert events == 1  # January's, past 90 days; March's stays
    assert [e.created_at.month for e in SecurityEvent.objects.filter(user=person)] == [3]
    assert sessions >= 1
    assert not Session.objects.filter(expire_date__lt=datetime(2026, 4, 5, tzinfo=UTC)).exists()


def test_the_export_holds_the_persons_security_events(client):
    person = UserFactory()
    log_in(client, person.email)
    reauthenticate(client)

    data = json.loads(client.get("/account/data/export/").content)

    assert [e["event"] for e in data["security_events"]] == ["logged_in"]


def test_an_unknown_event_kind_is_refused_by_the_database():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        SecurityEvent.objects.create(user=UserFactory(), kind="made_up")


def test_the_nightly_retention_task_prunes_the_log(client):
    from privacy.tasks import apply_retention

    person = UserFactory()
    old = SecurityEvent.objects.create(user=person, kind=Kind.LOGGED_IN)
    SecurityEvent.objects.filter(pk=old.pk).update(
        created_at=datetime.now(UTC) - timedelta(days=91)
    )

    apply_retention.delay()

    assert not SecurityEvent.objects.filter(pk=old.pk).exists()


@pytest.mark.parametrize("days_ago", [0, 89])
def test_recent_events_survive_the_prune(days_ago):
    person = UserFactory()
    event = SecurityEvent.objects.create(user=person, kind=Kind.LOGGED_IN)
    SecurityEvent.objects.filter(pk=event.pk).update(
        created_at=datetime.now(UTC) - timedelta(days=days_ago)
    )

    security_data_prune()

    assert SecurityEvent.objects.filter(pk=event.pk).exists()


def test_turning_two_factor_on_and_renewing_recovery_codes_are_logged_once_each(
    client, django_capture_on_commit_callbacks
):
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    from tests.accounts.test_mfa import current_code

    person = UserFactory()
    log_in(client, person.email)
    reauthenticate(client)
    client.get("/accounts/2fa/totp/activate/")
    code = current_code(client.session[SECRET_SESSION_KEY])

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/2fa/totp/activate/", {"code": code})
        client.post("/accounts/2fa/recovery-codes/generate/")

    # Recovery codes made along with the authenticator app are not a second event.
    assert kinds(person) == [Kind.LOGGED_IN, Kind.TWO_FACTOR_ADDED, Kind.RECOVERY_CODES_RENEWED]


def test_a_wrong_two_factor_code_after_the_right_password_is_logged(client):
    from allauth.mfa.totp.internal.auth import TOTP

    person = UserFactory()
    TOTP.activate(person, "JBSWY3DPEHPK3PXP")

    log_in(client, person.email)  # the right password...
    client.post("/accounts/2fa/authenticate/", {"code": "000000"})  # ...and a wrong code

    assert kinds(person) == [Kind.TWO_FACTOR_FAILED]


def test_a_password_reset_and_a_new_main_address_are_logged(client):
    from allauth.account.models import EmailAddress

    from tests.accounts.helpers import link_in_last_email

    person = UserFactory(email="first@example.com")
    client.post("/accounts/password/reset/", {"email": person.email})
    form_page = client.get(link_in_last_email(person.email), follow=True)
    new_password = "an entirely new passphrase"
    client.post(
        form_page.request["PATH_INFO"], {"password1": new_password, "password2": new_password}
    )
    EmailAddress.objects.create(user=person, email="second@example.com", verified=True)
    log_in(client, person.email, new_password)
    reauthenticate(client, new_password)
    client.post("/accounts/email/", {"email": "second@example.com", "action_primary": ""})

    assert kinds(person) == [Kind.PASSWORD_RESET, Kind.LOGGED_IN, Kind.EMAIL_CHANGED]


def test_deploy_checks_warn_when_a_tls_proxy_has_no_proxy_count(settings):
    from django.core import checks

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    warned = [m.id for m in checks.run_checks(include_deployment_checks=True)]
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    fixed = [m.id for m in checks.run_checks(include_deployment_checks=True)]

    assert "security.W001" in warned
    assert "security.W001" not in fixed


def test_a_new_account_shows_its_log_in_and_no_address_change(client):
    sign_up(client, "brand-new@example.com")
    client.post(link_in_last_email("brand-new@example.com"))

    person = get_user_model().objects.get(email="brand-new@example.com")
    assert Kind.EMAIL_CHANGED not in kinds(person)
    reauthenticate(client, PASSWORD)
    assert "Main email address changed" not in client.get("/account/security/").content.decode()


def test_a_partner_accepting_shows_in_the_inviters_log_as_not_from_their_devices(client):
    from couples.services import invitation_create

    alex, sam = UserFactory(), UserFactory()
    token = invitation_create(inviter=alex).token
    log_in(client, sam.email)
    client.post(f"/partner/join/{token}/", {"action": "accept"})
    client.post("/accounts/logout/")
    log_in(client, alex.email)

    page = security_page(client)

    assert "not from one of your devices" in page
    assert "Unknown device · no address" not in page
