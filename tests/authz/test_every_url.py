"""Every URL of the app, walked by partner A, partner B, a stranger C from another couple and an
anonymous visitor. A URL added without an entry in EXPECTED fails this test: decide who may see
it, then add it.

Third-party URLs (the admin, allauth's account pages) follow one rule per prefix. On every page
the stranger and the anonymous visitor must not see the couple's names or addresses.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from checkins.models import Round, Schedule
from checkins.selectors import schedule_for_person
from checkins.services import AnswerInput, WeighingInput, checkin_submit, rounds_ensure
from content.services import library_load
from couples.services import invitation_accept, invitation_create
from summaries.services import summary_propose
from tests.accounts.helpers import log_in, reauthenticate
from tests.factories import UserFactory, link_partners

pytestmark = pytest.mark.django_db

LOGIN = "login"  # a redirect to the log-in page
PRIVATE_MARKER = "PRIVATE-NOTE-MARKER-7f3a"
OK, NOT_ALLOWED, GONE = 200, 405, 410

PARTNERS_AND_STRANGER = ("a", "b", "c")


def everyone(expected):
    return dict.fromkeys((*PARTNERS_AND_STRANGER, "anon"), expected)


def signed_in(expected):
    return {**dict.fromkeys(PARTNERS_AND_STRANGER, expected), "anon": LOGIN}


EXPECTED = {
    "": everyone(OK),
    "privacy/": everyone(OK),
    "about/questions/": everyone(OK),
    "healthz/": everyone(OK),
    # The installable app: the same for everybody, naming nobody.
    "manifest.webmanifest": everyone(OK),
    "sw.js": everyone(OK),
    "offline/": everyone(OK),
    # The load test's ceiling: says only that one is signed in.
    "account/signed-in/": signed_in(OK),
    "account/": signed_in(OK),
    "profile/": signed_in(OK),
    "profile/notifications/": signed_in(OK),
    # POST only; someone else's device is a 404 (tests/accounts/test_push_devices.py).
    "profile/notifications/add/": signed_in(NOT_ALLOWED),
    "profile/notifications/<int:device_id>/remove/": signed_in(NOT_ALLOWED),
    "partner/": signed_in(OK),
    "partner/invite/": signed_in(NOT_ALLOWED),
    "partner/invite/revoke/": signed_in(NOT_ALLOWED),
    # A's used link: everyone gets the same "already used" page, which names nobody, as
    # 410 Gone.
    "partner/join/<str:token>/": everyone(GONE),
    # Only after the password again; then A, B and C each see their own page.
    "partner/unlink/": signed_in(("redirect", "/accounts/reauthenticate/")),
    "account/data/": signed_in(OK),
    # Each person's own events only (tests/security), after the password again.
    "account/security/": signed_in(("redirect", "/accounts/reauthenticate/")),
    # POST only; someone else's session id is a 404 (tests/accounts/test_sessions.py).
    "account/sessions/<int:session_id>/end/": signed_in(NOT_ALLOWED),
    "account/data/export/": signed_in(("redirect", "/accounts/reauthenticate/")),
    "account/delete/": signed_in(("redirect", "/accounts/reauthenticate/")),
    # Each person lands on their own open round.
    "checkin/": signed_in(("redirect", "/checkin/")),
    "checkin/history/": signed_in(OK),
    "checkin/schedule/": signed_in(OK),
    "checkin/schedule/skip-next/": signed_in(NOT_ALLOWED),
    # A and B's round: the stranger gets a 404, as for a round that does not exist.
    "checkin/<str:code>/": {"a": OK, "b": OK, "c": 404, "anon": LOGIN},
    "checkin/<str:code>/care-note/dismiss/": signed_in(NOT_ALLOWED),
    # The talk opens to each partner with the reveal: A has answered, B not yet (sent to the
    # round to answer first); the stranger gets a 404, as for a round that does not exist.
    "checkin/<str:code>/talk/": {"a": OK, "b": ("redirect", "/checkin/"), "c": 404, "anon": LOGIN},
    "checkin/<str:code>/talk/agreement/": signed_in(NOT_ALLOWED),
    "checkin/<str:code>/talk/topic/": signed_in(NOT_ALLOWED),
    "checkin/<str:code>/talk/skip/": signed_in(NOT_ALLOWED),
    "trends/": signed_in(OK),
    "trends/mine/": signed_in(OK),
    "account/data/answers.csv": signed_in(("redirect", "/accounts/reauthenticate/")),
    # The random token is the credential; the walk's sample is not a valid one.
    "reminders/off/<str:token>/": everyone(400),
    # Each person's own feed settings; making or turning off an address is POST only.
    "account/calendar/": signed_in(OK),
    "account/calendar/new/": signed_in(NOT_ALLOWED),
    "account/calendar/off/": signed_in(NOT_ALLOWED),
    # No log-in (calendar apps cannot): the token is the credential, and the walk's sample
    # (an invitation's) is none, so everyone gets the same 404.
    "calendar/<str:token>.ics": everyone(404),
    # Each person's summaries; one of A and B's is a 404 to the stranger, as one that does not
    # exist; consent, withdrawal and share links are POST only.
    "summaries/": signed_in(OK),
    "summaries/new/": signed_in(NOT_ALLOWED),
    "summaries/<str:summary_code>/": {"a": OK, "b": OK, "c": 404, "anon": LOGIN},
    "summaries/<str:summary_code>/summary.pdf": {"a": OK, "b": OK, "c": 404, "anon": LOGIN},
    "summaries/<str:summary_code>/accept/": signed_in(NOT_ALLOWED),
    "summaries/<str:summary_code>/decline/": signed_in(NOT_ALLOWED),
    "summaries/<str:summary_code>/withdraw/": signed_in(NOT_ALLOWED),
    "summaries/<str:summary_code>/links/new/": signed_in(NOT_ALLOWED),
    "summaries/<str:summary_code>/links/<int:link_id>/revoke/": signed_in(NOT_ALLOWED),
    # No log-in (for a therapist): the token is the credential, and the walk's sample is none.
    "shared/summary/<str:token>/": everyone(404),
    # The footer's language switch (Django's set_language): it changes the language only on a
    # POST; a GET changes nothing and is sent back to the home page.
    "i18n/setlang/": everyone(("redirect", "/")),
}

# Rules for whole third-party prefixes; their own tests cover their behaviour.
PREFIX_RULES = {
    # Staff only: after the admin's own redirects, people are refused and visitors end on
    # allauth's log-in page.
    "admin/": {**dict.fromkeys(PARTNERS_AND_STRANGER, ("final", 403)), "anon": ("final", LOGIN)},
    # allauth's pages: any ordinary answer, never a server error.
    "accounts/": None,
}


def all_routes() -> list[str]:
    def walk(patterns, prefix: str):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    return sorted(set(walk(get_resolver().url_patterns, "")))


def concrete_path(route: str, samples: dict[str, str]) -> str:
    """A real path for a route: parameters filled in, regex syntax removed."""
    # Regex groups first: their names are in angle brackets too.
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: samples.get(m.group(1), "1"), route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: samples.get(m.group(1), "1"), path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


def open_round_for(user):
    """Make the person's schedule daily, with a slot an hour ago, and return the open round."""
    schedule = schedule_for_person(user)
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Schedule.objects.filter(pk=schedule.pk).update(
        cadence="daily", time_of_day=an_hour_ago.time(), time_zone="UTC"
    )
    schedule.rounds.filter(answers__isnull=True).delete()  # those made for the first slot
    schedule.refresh_from_db()
    return rounds_ensure(schedule)


@pytest.fixture
def world():
    library_load()
    a, b, c, d = (UserFactory() for _ in range(4))
    used_link = invitation_create(inviter=a).token
    invitation_accept(token=used_link, user=b)
    link_partners(c, d)
    round_ab = open_round_for(a)
    open_round_for(c)
    # A answers everything privately, with a marker in every note (pulse items have none) and
    # in what weighs on them.
    checkin_submit(
        round_=round_ab,
        person=a,
        answers=[
            AnswerInput(
                rp.dimension_id,
                rp.prompt_id,
                5,
                "" if rp.is_pulse else PRIVATE_MARKER,
                is_shared=False,
            )
            for rp in round_ab.round_prompts.all()
        ],
        weighing=WeighingInput(topics=frozenset({"health"}), is_shared=False),
    )
    # A summary A proposed: B is asked to agree, and it holds only what A shared (nothing).
    summary = summary_propose(person=a, couple=round_ab.schedule.couple, weeks=4)
    clients = {"anon": Client()}
    for name, user in (("a", a), ("b", b), ("c", c)):
        clients[name] = Client()
        log_in(clients[name], user.email)
    secrets_of_the_couple = [a.email, b.email, a.profile.display_name, b.profile.display_name]
    samples = {
        # reminders/off gets the invitation's token too: an invalid signature, so a 400.
        "token": used_link,
        "code": round_ab.code,
        "summary_code": summary.code,
        "app_label": "accounts",
        "object_id": "1",
        "key": "x",
    }
    return clients, samples, secrets_of_the_couple


def check(client, path, response, expected, label: str) -> None:
    if isinstance(expected, tuple) and expected[0] == "final":
        final = client.get(path, follow=True)
        if expected[1] == LOGIN:
            assert final.request["PATH_INFO"] == "/accounts/login/", label
        else:
            assert final.status_code == expected[1], label
    elif expected == LOGIN:
        assert response.status_code == 302, label
        assert response.url.startswith("/accounts/login/"), label
    elif isinstance(expected, tuple):
        assert response.status_code == 302, label
        assert response.url.startswith(expected[1]), label
    else:
        assert response.status_code == expected, label


def test_every_url_has_an_access_rule():
    missing = [
        route
        for route in all_routes()
        if route not in EXPECTED and not any(route.startswith(p) for p in PREFIX_RULES)
    ]

    assert not missing, f"add these URLs to EXPECTED with who may see them: {missing}"
    stale = set(EXPECTED) - set(all_routes())
    assert not stale, f"EXPECTED names URLs that no longer exist: {stale}"


def test_every_url_answers_each_person_as_expected_and_leaks_nothing(world):
    clients, samples, secrets_of_the_couple = world

    for route in all_routes():
        path = concrete_path(route, samples)
        prefix = next((p for p in PREFIX_RULES if route.startswith(p)), None)
        for name, client in clients.items():
            response = client.get(path)
            label = f"GET {path} as {name}: {response.status_code}"
            if route in EXPECTED:
                check(client, path, response, EXPECTED[route][name], label)
            elif PREFIX_RULES[prefix] is not None:
                check(client, path, response, PREFIX_RULES[prefix][name], label)
            else:
                assert response.status_code in {200, 302, 400, 404, 405}, label
            body = response.content.decode(errors="replace")
            if name != "a":
                assert PRIVATE_MARKER not in body, f"{label} shows A's private note"
                assert "Weighing on them" not in body, f"{label} shows what weighs on A"
            if name in {"c", "anon"}:
                for secret in secrets_of_the_couple:
                    assert secret not in body, f"{label} shows {secret!r}"


def test_the_owner_does_see_their_own_private_note(world):
    clients, samples, _ = world

    assert PRIVATE_MARKER in clients["a"].get(f"/checkin/{samples['code']}/").content.decode()


def test_behind_re_authentication_and_after_the_close_the_partner_still_gets_nothing_private(
    world,
):
    clients, samples, _ = world
    partner = clients["b"]
    round_ = Round.objects.get(code=samples["code"])
    paths = [
        "/account/data/export/",
        "/account/data/answers.csv",
        f"/checkin/{round_.code}/",
        f"/checkin/{round_.code}/talk/",
        "/checkin/history/",
        "/trends/",
        "/trends/mine/",
    ]

    with time_machine.travel(round_.closes_at + timedelta(days=1)):
        reauthenticate(partner)
        for path in paths:
            response = partner.get(path)
            assert response.status_code == 200, path
            body = (
                b"".join(response.streaming_content) if response.streaming else response.content
            ).decode()
            assert PRIVATE_MARKER not in body, path


def test_the_admin_shows_nothing_private_to_anyone(world, admin_user):
    admin = Client()
    admin.force_login(admin_user)
    for path in ("/admin/", "/admin/reminders/reminderlog/", "/admin/content/prompt/"):
        assert PRIVATE_MARKER not in admin.get(path).content.decode(), path
