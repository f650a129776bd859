"""Concurrent requests against PostgreSQL: locks and constraints keep one couple per person."""

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection, connections

from accounts.models import User
from couples import services
from couples.models import Couple, CoupleMember, Invitation
from couples.services import (
    PartnerError,
    couple_end_for_user,
    invitation_accept,
    invitation_create,
    invitation_revoke,
)
from privacy.services import account_delete
from tests.factories import UserFactory, link_partners

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def run_at_once(*calls: Callable[[], object]) -> list[object]:
    """Run each call in its own thread and database connection, released together."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def worker(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # the outcome under test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def outcomes(results: list[object]) -> tuple[int, int]:
    linked = sum(isinstance(result, Couple) for result in results)
    refused = sum(isinstance(result, PartnerError) for result in results)
    return linked, refused


@pytest.fixture(autouse=True)
def _postgres_only(postgres):
    assert connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def _widen_the_race_window(monkeypatch):
    """Pause between checking the rules and writing, so that racing requests truly overlap."""
    check = services._has_active_couple

    def slow_check(user_id: int) -> bool:
        time.sleep(0.15)
        return check(user_id)

    monkeypatch.setattr(services, "_has_active_couple", slow_check)


@pytest.mark.parametrize("attempt", range(3))
def test_one_person_accepting_two_invitations_at_once_joins_one_couple(attempt):
    invitee = UserFactory()
    first = invitation_create(inviter=UserFactory()).token
    second = invitation_create(inviter=UserFactory()).token

    results = run_at_once(
        lambda: invitation_accept(token=first, user=invitee),
        lambda: invitation_accept(token=second, user=invitee),
    )

    assert outcomes(results) == (1, 1), results
    assert CoupleMember.objects.filter(user=invitee, is_active=True).count() == 1


@pytest.mark.parametrize("attempt", range(3))
def test_two_people_accepting_each_others_invitations_at_once_make_one_couple(attempt):
    alex, sam = UserFactory(), UserFactory()
    alex_link = invitation_create(inviter=alex).token
    sam_link = invitation_create(inviter=sam).token

    results = run_at_once(
        lambda: invitation_accept(token=alex_link, user=sam),
        lambda: invitation_accept(token=sam_link, user=alex),
    )

    assert outcomes(results) == (1, 1), results
    assert Couple.objects.count() == 1


@pytest.mark.parametrize("attempt", range(3))
def test_two_people_accepting_one_link_at_once_only_one_succeeds(attempt):
    token = invitation_create(inviter=UserFactory()).token
    first, second = UserFactory(), UserFactory()

    results = run_at_once(
        lambda: invitation_accept(token=token, user=first),
        lambda: invitation_accept(token=token, user=second),
    )

    assert outcomes(results) == (1, 1), results
    assert Couple.objects.count() == 1


@pytest.mark.parametrize("attempt", range(3))
def test_accept_racing_a_revoke_either_links_or_leaves_nothing(attempt):
    inviter, invitee = UserFactory(), UserFactory()
    token = invitation_create(inviter=inviter).token

    accepted, revoked = run_at_once(
        lambda: invitation_accept(token=token, user=invitee),
        # Arrives while the accept is between its checks and its writes.
        lambda: time.sleep(0.1) or invitation_revoke(inviter=inviter),
    )

    status = Invitation.objects.get().status
    if isinstance(accepted, Couple):
        assert revoked is False
        assert status == Invitation.Status.ACCEPTED
    else:
        assert isinstance(accepted, PartnerError), accepted
        assert revoked is True
        assert status == Invitation.Status.REVOKED
        assert not Couple.objects.exists()


@pytest.mark.parametrize("attempt", range(3))
def test_accept_racing_a_new_link_from_the_inviter_does_not_deadlock(attempt):
    inviter, invitee = UserFactory(), UserFactory()
    token = invitation_create(inviter=inviter).token

    accepted, created = run_at_once(
        lambda: invitation_accept(token=token, user=invitee),
        lambda: time.sleep(0.1) or invitation_create(inviter=inviter),
    )

    # Whichever went first, no database error (a deadlock would surface as one) and one state.
    assert isinstance(accepted, Couple | PartnerError), accepted
    assert not isinstance(created, Exception) or isinstance(created, PartnerError), created
    assert Couple.objects.count() == (1 if isinstance(accepted, Couple) else 0)


@pytest.mark.parametrize("attempt", range(3))
def test_a_revoke_that_comes_first_leaves_the_late_accept_with_nothing(attempt):
    inviter, invitee = UserFactory(), UserFactory()
    token = invitation_create(inviter=inviter).token

    accepted, revoked = run_at_once(
        lambda: time.sleep(0.1) or invitation_accept(token=token, user=invitee),
        lambda: invitation_revoke(inviter=inviter),
    )

    assert revoked is True
    assert isinstance(accepted, PartnerError), accepted
    assert not Couple.objects.exists()


@pytest.mark.parametrize("attempt", range(3))
def test_both_partners_unlinking_at_once_end_the_couple_once_without_error(attempt):
    alex, sam = UserFactory(), UserFactory()
    link_partners(alex, sam)

    results = run_at_once(
        lambda: couple_end_for_user(user=alex), lambda: couple_end_for_user(user=sam)
    )

    assert not any(isinstance(result, Exception) for result in results), results
    assert sum(isinstance(result, Couple) for result in results) == 1
    assert Couple.objects.get().status == Couple.Status.ENDED
    assert not CoupleMember.objects.filter(is_active=True).exists()


@pytest.mark.parametrize("attempt", range(3))
def test_deleting_an_account_while_its_link_is_accepted_never_half_happens(attempt):
    inviter, invitee = UserFactory(), UserFactory()
    token = invitation_create(inviter=inviter).token

    accepted, deleted = run_at_once(
        lambda: invitation_accept(token=token, user=invitee),
        lambda: time.sleep(0.05) or account_delete(user=inviter),
    )

    assert not isinstance(deleted, Exception), deleted
    assert isinstance(accepted, Couple | PartnerError), accepted
    assert not User.objects.filter(pk=inviter.pk).exists()
    # Whatever the order, the invitee ends up in no active couple with a deleted account.
    assert not CoupleMember.objects.filter(user=invitee, is_active=True).exists()
