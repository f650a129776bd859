"""A summary covers the couple only with both partners' consent: one proposes, the other
agrees or says no; either withdraws (which deletes it); after unlinking each partner sees only
their own shared answers."""

import json

import pytest

from couples.selectors import active_couple_for
from couples.services import couple_end_for_user
from summaries.models import Summary
from summaries.services import summary_propose
from tests.accounts.helpers import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ALEX, SAM = "<td>4.0</td>", "<td>2.0</td>"


def page(client, person, summary):
    client.logout()
    log_in(client, person.email)
    response = client.get(f"/summaries/{summary.code}/")
    return response.status_code, response.content.decode()


@pytest.fixture
def proposed(history):
    alex, sam, _ = history
    return alex, sam, summary_propose(person=alex, couple=active_couple_for(alex), weeks=4)


def test_either_partner_proposes_from_the_summaries_page(client, history):
    _, sam, _ = history
    log_in(client, sam.email)

    response = client.post("/summaries/new/", {"weeks": "8"})

    summary = Summary.objects.get()
    assert response.url == f"/summaries/{summary.code}/"
    assert (summary.weeks, summary.status, summary.proposed_by) == (8, "proposed", sam)
    assert len(summary.week_list) == 8
    assert summary.code in client.get("/summaries/").content.decode()


def test_until_the_other_agrees_both_see_only_the_proposers_own_shared_answers(client, proposed):
    alex, sam, summary = proposed
    for person in (alex, sam):
        status, html = page(client, person, summary)
        assert status == 200
        assert ALEX in html
        assert SAM not in html
        assert "What they agreed" not in html
    assert "I agree" in html  # Sam is asked


def test_once_the_other_agrees_it_covers_both(client, proposed):
    alex, sam, summary = proposed
    # The proposer cannot agree on the other's behalf.
    page(client, alex, summary)
    client.post(f"/summaries/{summary.code}/accept/")
    summary.refresh_from_db()
    assert summary.status == "proposed"

    page(client, sam, summary)
    client.post(f"/summaries/{summary.code}/accept/")

    summary.refresh_from_db()
    assert summary.status == "agreed"
    for person in (alex, sam):
        _, html = page(client, person, summary)
        assert ALEX in html
        assert SAM in html
        assert "What they agreed" in html


def test_a_no_keeps_it_to_the_proposers_own_answers_and_can_become_a_yes(client, proposed):
    alex, sam, summary = proposed
    page(client, sam, summary)
    client.post(f"/summaries/{summary.code}/decline/")
    summary.refresh_from_db()
    assert summary.status == "declined"
    for person in (alex, sam):
        _, html = page(client, person, summary)
        assert ALEX in html
        assert SAM not in html

    page(client, sam, summary)
    client.post(f"/summaries/{summary.code}/accept/")
    summary.refresh_from_db()
    assert summary.status == "agreed"


@pytest.mark.parametrize("who", ["proposer", "other"])
def test_either_partner_withdraws_which_removes_the_summary(client, agreed, who):
    alex, sam, summary = agreed
    page(client, alex if who == "proposer" else sam, summary)

    response = client.post(f"/summaries/{summary.code}/withdraw/")

    assert response.url == "/summaries/"
    assert not Summary.objects.exists()
    for person in (alex, sam):
        assert page(client, person, summary)[0] == 404


def test_after_unlinking_each_partner_sees_only_their_own_shared_answers(client, agreed):
    alex, sam, summary = agreed
    couple_end_for_user(user=sam)

    _, alex_html = page(client, alex, summary)
    _, sam_html = page(client, sam, summary)

    assert ALEX in alex_html and SAM not in alex_html
    assert SAM in sam_html and ALEX not in sam_html
    for html in (alex_html, sam_html):
        assert "What they agreed" not in html
        assert "no longer linked" in html
    # Nothing more to agree to, and no new summary for the ended couple.
    client.post(f"/summaries/{summary.code}/accept/")
    client.post("/summaries/new/", {"weeks": "4"})
    assert Summary.objects.count() == 1


def test_a_stranger_gets_404_for_everything(client, agreed):
    _, _, summary = agreed
    stranger = UserFactory()
    assert page(client, stranger, summary)[0] == 404
    for action in ("accept", "decline", "withdraw", "links/new"):
        assert client.post(f"/summaries/{summary.code}/{action}/").status_code == 404
    assert Summary.objects.filter(status="agreed").count() == 1
    assert summary.code not in client.get("/summaries/").content.decode()


def test_someone_alone_cannot_make_one(client, library):
    alone = UserFactory()
    log_in(client, alone.email)

    client.post("/summaries/new/", {"weeks": "4"})

    assert not Summary.objects.exists()
    assert "Once you are linked with a partner" in client.get("/summaries/").content.decode()


def test_only_4_8_or_12_weeks(client, history):
    alex, _, _ = history
    log_in(client, alex.email)
    for weeks in ("5", "52", "x", ""):
        client.post("/summaries/new/", {"weeks": weeks})
    assert not Summary.objects.exists()


def test_each_partners_export_lists_the_summary_and_its_links_never_a_token(client, agreed):
    from summaries.services import share_link_create
    from tests.accounts.helpers import reauthenticate

    alex, sam, summary = agreed
    token = share_link_create(summary=summary, person=sam, days=7).token
    for person, proposed in ((alex, True), (sam, False)):
        client.logout()
        log_in(client, person.email)
        reauthenticate(client)
        body = client.get("/account/data/export/").content.decode()
        assert token not in body
        exported = json.loads(body)["summaries"]
        assert [(s["weeks"], s["status"], s["proposed_by_me"]) for s in exported] == [
            (4, "agreed", proposed)
        ]
        assert len(exported[0]["share_links"]) == 1
