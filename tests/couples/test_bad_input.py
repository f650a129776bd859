"""The invitation form under random and hostile addresses (issue #8, Bad input): no 500;
either an invitation to that address, or a 400 with an error, nothing made, the address shown.
"""

import pytest
from hypothesis import example, given

from couples.models import Invitation
from tests.accounts.helpers import log_in
from tests.factories import UserFactory
from tests.hostile import (
    MISSING,
    assert_refused_with_input_kept,
    field_values,
    last,
    snapshot,
    weird_emails,
)

pytestmark = pytest.mark.django_db


def test_hostile_invitation_addresses_are_refused_with_what_was_typed(client):
    person = UserFactory()
    log_in(client, person.email)

    def state():
        return snapshot(lambda: Invitation.objects.values_list("pk", "status", "sent_to_email"))

    @given(email=field_values(weird_emails))
    @example(email="a" * 64 + "@" + ("b" * 60 + ".") * 4 + "com")  # 312: over the column's 254
    @example(email="a@example.com\x00")
    @example(email=["ok@example.com", "not an address"])
    def check(email):
        data = {} if email is MISSING else {"email": email}
        before = state()

        response = client.post("/partner/invite/", data)

        if response.status_code == 302:
            newest = Invitation.objects.latest("pk")
            assert newest.status == Invitation.Status.PENDING
            assert newest.sent_to_email == (last(data.get("email")) or "").strip()
            return
        assert_refused_with_input_kept(response, data, ["email"])
        assert state() == before, "a refused invitation changed the invitations"

    check()
