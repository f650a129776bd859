"""What the two people see of an invitation link: its maker, the link as text to send on, and
whoever opens it before logging in, a plain way in or a plain word that it no longer works."""

import re

import pytest
import time_machine

from couples.services import invitation_accept, invitation_create, invitation_revoke
from tests.accounts.helpers import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENDED = "This invitation link has expired or was already used. Ask your partner for a new one."


def named_inviter() -> UserFactory:
    inviter = UserFactory(email="ana.inviter@example.com")
    inviter.profile.display_name = "Ana"
    inviter.profile.save()
    return inviter


def main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_the_maker_sees_the_link_as_plain_text_with_share_and_copy_hidden_until_a_script(client):
    log_in(client, UserFactory().email)
    client.post("/partner/invite/", {"email": ""})

    html = client.get("/partner/").content.decode()

    link = re.search(r'<p class="invitation-link" id="invitation-link">([^<]+)</p>', html)
    assert link and "/partner/join/" in link.group(1)
    # Without JavaScript nothing that cannot work shows: both buttons start hidden and the
    # script that reveals them is a static file (the CSP allows no inline script).
    assert re.search(r"<button[^>]*data-share[^>]*hidden>Share</button>", html)
    assert re.search(r"<button[^>]*data-copy[^>]*hidden>Copy link</button>", html)
    assert '<script src="/static/js/invite-share.js' in html


def test_a_valid_link_leads_with_creating_an_account_and_names_nobody(client):
    inviter = named_inviter()
    token = invitation_create(inviter=inviter).token

    response = client.get(f"/partner/join/{token}/")

    page = main(response.content.decode())
    assert response.status_code == 200
    actions = re.findall(r'<a href="([^"]+)"( class="[^"]+")?>([^<]+)</a>', page)
    # The one button-like link is "Create an account", and it comes first; log-in is a plain
    # link for those who have an account.
    signup = f"/accounts/signup/?next=/partner/join/{token}/"
    assert actions[0] == (signup, ' class="cta"', "Create an account")
    assert (f"/accounts/login/?next=/partner/join/{token}/", "", "Log in") in actions
    assert page.count('class="cta') == 1
    assert "Ana" not in page and inviter.email not in page


@pytest.mark.parametrize("ending", ["accepted", "declined", "withdrawn", "replaced", "expired"])
def test_a_link_that_ended_says_so_plainly_before_sign_up_with_410_and_no_name(client, ending):
    inviter = named_inviter()
    with time_machine.travel("2026-11-01 12:00Z", tick=False):
        token = invitation_create(inviter=inviter).token
        if ending == "accepted":
            invitation_accept(token=token, user=UserFactory())
        elif ending == "declined":
            from couples.services import invitation_decline

            invitation_decline(token=token, user=UserFactory())
        elif ending == "withdrawn":
            invitation_revoke(inviter=inviter)
        elif ending == "replaced":
            invitation_create(inviter=inviter)

    with time_machine.travel("2026-11-09 12:00Z", tick=False):
        response = client.get(f"/partner/join/{token}/")

    page = main(response.content.decode())
    assert response.status_code == 410
    assert ENDED in page
    assert "Create an account" not in page
    assert "Ana" not in page and inviter.email not in page
    # The same words whatever ended it: a declined link is not told apart from an expired one.
    assert "declined" not in page and "withdrawn" not in page


def test_a_link_that_expired_a_minute_ago_says_so(client):
    with time_machine.travel("2026-11-01 12:00Z", tick=False):
        token = invitation_create(inviter=UserFactory()).token

    with time_machine.travel("2026-11-08 11:59Z", tick=False):
        assert client.get(f"/partner/join/{token}/").status_code == 200
    with time_machine.travel("2026-11-08 12:01Z", tick=False):
        response = client.get(f"/partner/join/{token}/")

    assert response.status_code == 410
    assert ENDED in response.content.decode()


def test_an_unknown_or_cut_off_link_is_a_404_that_says_to_check_it(client):
    token = invitation_create(inviter=UserFactory()).token

    for path in ("/partner/join/not-a-real-token/", f"/partner/join/{token[:20]}/"):
        response = client.get(path)

        page = main(response.content.decode())
        assert response.status_code == 404, path
        assert "This invitation link is not valid. Check that it is complete" in page
        assert "Create an account" not in page


def test_signed_in_the_ended_and_unknown_links_carry_the_same_statuses(client):
    inviter = UserFactory()
    token = invitation_create(inviter=inviter).token
    invitation_revoke(inviter=inviter)
    log_in(client, UserFactory().email)

    gone = client.get(f"/partner/join/{token}/")
    unknown = client.get("/partner/join/not-a-real-token/")

    assert gone.status_code == 410 and "withdrawn" in gone.content.decode()
    assert unknown.status_code == 404 and "not valid" in unknown.content.decode()
