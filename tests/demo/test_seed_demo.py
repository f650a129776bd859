"""`make run` seeds demo accounts that can log in, and refuses to do so in production."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from couples.models import Couple
from couples.selectors import active_couple_for
from tests.accounts.helpers import log_in

pytestmark = pytest.mark.django_db


def seed(settings, tmp_path, debug: bool = True) -> str:
    settings.VAR_DIR = tmp_path
    settings.DEBUG = debug
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_printed_demo_logins_work(client, settings, tmp_path):
    output = seed(settings, tmp_path)

    logins = re.findall(r"(\S+@example\.com)\s+password: (\S+)", output)
    assert {email for email, _ in logins} == {
        "admin@example.com",
        "alex@example.com",
        "sam@example.com",
    }
    assert "http://127.0.0.1:8000/" in output
    for email, password in logins:
        client.post("/accounts/logout/")
        log_in(client, email, password)
        assert client.get("/").context["user"].email == email


def test_admin_login_reaches_the_admin(client, settings, tmp_path):
    output = seed(settings, tmp_path)
    password = re.search(r"admin@example\.com\s+password: (\S+)", output).group(1)

    log_in(client, "admin@example.com", password)

    assert client.get("/admin/").status_code == 200


def test_seeding_twice_keeps_the_same_passwords(settings, tmp_path):
    assert seed(settings, tmp_path) == seed(settings, tmp_path)


def test_seed_refuses_to_run_with_debug_off(settings, tmp_path):
    with pytest.raises(CommandError, match="DEBUG"):
        seed(settings, tmp_path, debug=False)


def test_the_demo_partners_are_linked_and_live_in_different_zones(settings, tmp_path):
    seed(settings, tmp_path)
    seed(settings, tmp_path)

    alex = get_user_model().objects.get(email="alex@example.com")
    sam = get_user_model().objects.get(email="sam@example.com")
    couple = active_couple_for(alex)
    assert couple is not None and couple == active_couple_for(sam)
    assert Couple.objects.count() == 1
    assert (alex.profile.time_zone, sam.profile.time_zone) == ("Europe/Paris", "America/New_York")
