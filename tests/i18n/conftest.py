"""Every page of the app, as the demo couple (twelve weeks of history, an open round that one
of them answered, a talk, a summary both accepted) and a visitor see it."""

from dataclasses import dataclass

import pytest
from django.test import Client

from checkins.models import Round
from checkins.selectors import schedule_for_person
from checkins.services import AnswerInput, checkin_submit
from content.services import library_load
from couples.services import invitation_accept, invitation_create
from demo.services import demo_seed
from summaries.services import summary_accept, summary_propose
from talks.models import Agreement
from talks.services import agreement_save
from tests.accounts.helpers import log_in, reauthenticate
from tests.authz.test_every_url import all_routes, concrete_path
from tests.factories import DEFAULT_PASSWORD, UserFactory
from trends.services import trends_update_pending_weeks

AGREEMENT = "Sunday walks, phones at home"
# Forms posted with mistakes, so that their error messages are on the walk too.
BAD_POSTS = {
    "anon": [
        ("/accounts/signup/", {"email": "not an address", "password1": "x", "password2": "y"}),
        ("/accounts/login/", {"login": "nobody@example.com", "password": "wrong"}),
        ("/accounts/password/reset/", {"email": "not an address"}),
    ],
    "alex": [
        ("/profile/", {"display_name": "", "time_zone": "Mars/Olympus"}),
        ("/checkin/schedule/", {"cadence": "hourly"}),
    ],
}


@dataclass(frozen=True)
class Page:
    who: str
    path: str
    status: int
    html: str


@pytest.fixture
def couple_with_history(db, settings, tmp_path):
    """The demo couple and a visitor, each with a logged-in test client."""
    settings.VAR_DIR = tmp_path
    library_load()
    demo_seed(credentials_file=tmp_path / "logins.json")
    alex, sam = (
        UserFactory._meta.model.objects.get(email=email)
        for email in ("alex@example.com", "sam@example.com")
    )
    for user in (alex, sam):
        user.set_password(DEFAULT_PASSWORD)
        user.save()
    # Alex answers the open round, sharing it all and asking to talk about one answer.
    current = schedule_for_person(alex).rounds.latest("opens_at")
    checkin_submit(
        round_=current,
        person=alex,
        answers=[
            AnswerInput(rp.dimension_id, rp.prompt_id, 4, "", is_shared=True, wants_talk=i == 0)
            for i, rp in enumerate(current.round_prompts.all())
        ],
    )
    last_week = Round.objects.filter(schedule=current.schedule).exclude(pk=current.pk)
    last_week = last_week.latest("opens_at")
    # The demo seed writes an agreement of its own on that round: this one is saved over it.
    version = Agreement.objects.filter(round=last_week).values_list("version", flat=True)
    agreement_save(round_=last_week, person=sam, text=AGREEMENT, version=version.first() or 0)
    summary = summary_propose(person=alex, couple=current.schedule.couple, weeks=4)
    summary_accept(summary=summary, person=sam)
    trends_update_pending_weeks()
    used_link = invitation_create(inviter=UserFactory()).token
    invitation_accept(token=used_link, user=UserFactory())
    clients = {"anon": Client()}
    for name, user in (("alex", alex), ("sam", sam)):
        clients[name] = Client()
        log_in(clients[name], user.email)
        reauthenticate(clients[name])
    samples = {
        "token": used_link,
        "code": current.code,
        "summary_code": summary.code,
        "app_label": "accounts",
        "object_id": "1",
        "key": "x",
        # Last week's round and talk, with its agreement, both have answered.
        "extra_paths": [f"/checkin/{last_week.code}/", f"/checkin/{last_week.code}/talk/"],
    }
    return clients, samples, (alex, sam)


def walk(clients: dict[str, Client], samples: dict[str, str]) -> list[Page]:
    """GET every route as each person (and a missing page, and the forms' errors) and keep the
    HTML pages they are shown. The admin is for staff and stays in English."""
    pages = []

    def keep(who, path, response):
        if "text/html" in response.get("Content-Type", "") and not response.streaming:
            pages.append(Page(who, path, response.status_code, response.content.decode()))

    routes = [r for r in all_routes() if not r.startswith("admin/")]
    for who, client in clients.items():
        for route in routes:
            path = concrete_path(route, samples)
            keep(who, path, client.get(path))
        keep(who, "/no-such-page/", client.get("/no-such-page/"))
        for path, data in BAD_POSTS.get(who, []):
            keep(who, path, client.post(path, data))
    for who in ("alex", "sam"):
        for path in samples["extra_paths"]:
            keep(who, path, clients[who].get(path))
    return pages
