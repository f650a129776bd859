"""The language people read the site in: the browser's at sign-up, their profile's once signed
in (whatever the browser asks for), and the footer's switch for visitors."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from accounts.models import Profile
from tests.accounts.helpers import link_in_last_email, log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a sturdy passphrase 42"
# The account page's heading, as each language says it.
ACCOUNT_HEADING = {"en": "<h1>Account</h1>", "de": "<h1>Konto</h1>", "es": "<h1>Cuenta</h1>"}


@pytest.fixture(autouse=True)
def _english_after_each_test():
    # A view that activates a language leaves it active in the test's thread.
    yield
    translation.activate("en")


def sign_up(client, email: str, accept_language: str):
    return client.post(
        "/accounts/signup/",
        {"email": email, "display_name": "Robin", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_ACCEPT_LANGUAGE=accept_language,
    )


def page(client, path: str, **headers) -> str:
    response = client.get(path, **headers)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.parametrize(
    ("accept_language", "language", "check_email_heading"),
    [
        ("de-DE,de;q=0.9", "de", "Schau in dein Postfach"),
        ("es", "es", "Revisa tu correo"),
        ("fr", "en", "Check your email"),
    ],
)
def test_sign_up_takes_the_browsers_language_or_english(
    client, accept_language, language, check_email_heading
):
    response = sign_up(client, "new@example.com", accept_language)

    assert Profile.objects.get(user__email="new@example.com").language == language
    # The page after sign-up, and the confirmation email, in that language too.
    assert check_email_heading in page(client, response.url, HTTP_ACCEPT_LANGUAGE=accept_language)
    # Once confirmed and signed in, every page is in the profile's language, even for a
    # browser that sends no Accept-Language at all.
    client.post(link_in_last_email("new@example.com"))
    assert ACCOUNT_HEADING[language] in page(client, "/account/")


def test_the_confirmation_email_is_in_the_sign_up_pages_language(client):
    sign_up(client, "neu@example.com", "de-DE,de;q=0.9")

    (message,) = [m for m in mail.outbox if "neu@example.com" in m.to]
    assert "E-Mail-Adresse" in message.subject
    assert message.body.startswith("Hallo,")


def test_choosing_a_language_on_the_profile_changes_the_next_page(client):
    user = UserFactory()
    log_in(client, user.email)
    assert 'name="language"' in page(client, "/profile/")
    assert re.search(r'<label for="id_language">\s*Language', page(client, "/profile/"))

    response = client.post(
        "/profile/", {"display_name": "Kim", "time_zone": "UTC", "language": "de"}, follow=True
    )

    user.profile.refresh_from_db()
    assert user.profile.language == "de"
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "<h1>Profil</h1>" in html
    assert "Dein Profil ist gespeichert." in html
    assert ACCOUNT_HEADING["de"] in page(client, "/account/")


def test_a_language_that_is_not_offered_is_refused_on_the_profile(client):
    user = UserFactory()
    log_in(client, user.email)

    response = client.post(
        "/profile/", {"display_name": "Kim", "time_zone": "UTC", "language": "fr"}
    )

    assert response.status_code == 400
    user.profile.refresh_from_db()
    assert user.profile.language == "en"


def test_a_signed_in_person_reads_their_profiles_language_whatever_the_browser_asks(client):
    user = UserFactory()
    Profile.objects.filter(user=user).update(language="de")
    log_in(client, user.email)

    html = page(client, "/account/", HTTP_ACCEPT_LANGUAGE="en")

    assert ACCOUNT_HEADING["de"] in html
    assert '<html lang="de">' in html
    # Signed-in people choose on their profile: the footer's switch is not there.
    assert 'action="/i18n/setlang/"' not in html


def test_a_visitor_gets_the_browsers_language(client):
    html = page(client, "/accounts/login/", HTTP_ACCEPT_LANGUAGE="es")

    assert "<h1>Iniciar sesión</h1>" in html
    assert '<html lang="es">' in html
    # allauth's and Django's own Spanish says "usted"; the app says "tú" (accounts/voice.py).
    assert "¿Olvidaste tu contraseña?" in html
    signup = page(client, "/accounts/signup/", HTTP_ACCEPT_LANGUAGE="es")
    assert "Tu contraseña no puede ser solo numérica." in signup
    assert "Su contraseña" not in signup


def test_the_footer_switch_changes_the_language_of_the_next_page(client):
    html = page(client, "/privacy/")
    assert 'action="/i18n/setlang/"' in html
    assert '<label for="language-switch">Language</label>' in html
    assert re.search(r'<option value="de" lang="de">Deutsch</option>', html)

    response = client.post("/i18n/setlang/", {"language": "de", "next": "/privacy/"})

    assert response.status_code == 302
    assert response.url == "/privacy/"
    # A language code only, kept as long as a log-in at most, out of scripts' and other sites'
    # reach (and Secure, named __Host-, in production: intimacy/settings.py).
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "de"
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == settings.SESSION_COOKIE_AGE
    html = page(client, "/privacy/")
    assert "<h1>Datenschutzerklärung</h1>" in html
    assert '<option value="de" lang="de" selected>Deutsch</option>' in html
    assert '<option value="en" lang="en">English</option>' in html
    # The choice outlasts the browser's own preference, and a new account starts with it.
    assert "<h1>Datenschutzerklärung</h1>" in page(client, "/privacy/", HTTP_ACCEPT_LANGUAGE="es")
    sign_up(client, "switched@example.com", "es")
    assert Profile.objects.get(user__email="switched@example.com").language == "de"


def test_the_switch_leads_back_only_to_this_site(client):
    response = client.post(
        "/i18n/setlang/", {"language": "es", "next": "https://elsewhere.example/"}
    )

    assert response.status_code == 302
    assert "elsewhere" not in response.url


def test_the_switch_works_with_the_csrf_check(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.get("/privacy/")
    token = strict.cookies["csrftoken"].value

    response = strict.post(
        "/i18n/setlang/", {"language": "es", "next": "/", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert "<h1>Unos minutos tranquilos para los dos</h1>" in page(strict, "/")


def test_the_offline_page_has_no_switch(client):
    html = page(client, "/offline/")

    assert "<form" not in html


def test_a_password_reset_email_is_in_the_owners_language_whoever_asks(client):
    user = UserFactory()
    Profile.objects.filter(user=user).update(language="es")

    client.post("/accounts/password/reset/", {"email": user.email}, HTTP_ACCEPT_LANGUAGE="de")

    (message,) = [m for m in mail.outbox if user.email in m.to]
    assert "Restablece tu contraseña" in message.subject
    assert message.body.startswith("Hola:")
    # The page that asked is in the asker's language.
    assert "Schau in dein Postfach" in page(client, "/accounts/password/reset/done/",
                                            HTTP_ACCEPT_LANGUAGE="de")  # fmt: skip


def test_an_email_for_an_address_without_an_account_is_in_the_asking_pages_language(client):
    client.post(
        "/accounts/password/reset/", {"email": "nobody@example.com"}, HTTP_ACCEPT_LANGUAGE="de"
    )

    (message,) = [m for m in mail.outbox if "nobody@example.com" in m.to]
    assert message.body.startswith("Hallo,")
    assert "ignoriere diese E-Mail" in message.body


def test_the_error_pages_speak_the_readers_language(client, rf):
    from pages.views import server_error

    html = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<h1>Diese Seite haben wir nicht gefunden</h1>" in html

    with translation.override("es"):
        html = server_error(rf.get("/")).content.decode()
    assert '<html lang="es">' in html
    assert "<h1>Algo salió mal por nuestra parte</h1>" in html


EMAIL_TEMPLATES = [
    "account/email/account_already_exists",
    "account/email/email_changed",
    "account/email/email_confirm",
    "account/email/email_confirmation",
    "account/email/email_deleted",
    "account/email/password_changed",
    "account/email/password_reset",
    "account/email/password_reset_key",
    "account/email/password_set",
    "account/email/unknown_account",
    "mfa/email/recovery_codes_generated",
    "mfa/email/totp_activated",
    "mfa/email/totp_deactivated",
]


@pytest.mark.parametrize("template", EMAIL_TEMPLATES)
@pytest.mark.parametrize(("language", "hello"), [("de", "Hallo,\n\n"), ("es", "Hola:\n\n")])
def test_every_account_email_reads_in_german_and_spanish(template, language, hello):
    from django.template.loader import render_to_string

    context = {
        "site_name": "Abendnotizen",
        "site_url": "https://notes.test",
        "from_email": "old@example.com",
        "to_email": "new@example.com",
        "deleted_email": "gone@example.com",
        "activate_url": "https://notes.test/accounts/confirm-email/k/",
        "password_reset_url": "https://notes.test/accounts/password/reset/key/k/",
    }
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_message.txt", context)
    with translation.override("en"):
        english_subject = render_to_string(f"{template}_subject.txt", context).strip()
        english_body = render_to_string(f"{template}_message.txt", context)

    assert subject and subject != english_subject
    assert body.startswith(hello), body
    # The same paragraphs, links and names as the English, in other words.
    assert body.count("\n\n") == english_body.count("\n\n")
    assert re.findall(r"https://\S+", body) == re.findall(r"https://\S+", english_body)
    assert "Abendnotizen" in body


def test_the_data_export_holds_the_profiles_language(client):
    import json

    from tests.accounts.helpers import reauthenticate

    user = UserFactory()
    Profile.objects.filter(user=user).update(language="es")
    log_in(client, user.email)
    reauthenticate(client)

    data = json.loads(client.get("/account/data/export/").content)

    assert data["profile"]["language"] == "es"
    assert data["profile"]["push_text"] == "Hay un check-in listo"
