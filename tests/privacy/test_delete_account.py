"""Deleting an account: re-authentication first; the former partner keeps their own data."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client

from accounts.models import Profile
from couples.models import Couple
from tests.accounts.helpers import log_in, reauthenticate
from tests.factories import UserFactory, link_partners

pytestmark = pytest.mark.django_db


def test_deletion_asks_for_the_password_again_first(client):
    user = UserFactory()
    log_in(client, user.email)

    assert client.get("/account/delete/").url.startswith("/accounts/reauthenticate/")
    assert client.post("/account/delete/").url.startswith("/accounts/reauthenticate/")
    assert get_user_model().objects.filter(pk=user.pk).exists()

    reauthenticate(client)
    assert "This deletes, at once and for good" in client.get("/account/delete/").content.decode()


def test_deleting_removes_the_account_profile_addresses_and_every_session(client):
    user = UserFactory()
    other_device = Client()
    log_in(other_device, user.email)
    log_in(client, user.email)
    assert Session.objects.count() == 2
    reauthenticate(client)

    response = client.post("/account/delete/")

    assert response.url == "/"
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert not Profile.objects.filter(user_id=user.pk).exists()
    assert not EmailAddress.objects.filter(email=user.email).exists()
    assert Session.objects.count() == 0
    assert other_device.get("/").context["user"].is_anonymous


def test_the_former_partner_keeps_their_data_and_sees_the_link_as_ended(client):
    leaving, staying = UserFactory(), UserFactory()
    couple = link_partners(leaving, staying)
    log_in(client, leaving.email)
    reauthenticate(client)

    client.post("/account/delete/")

    couple.refresh_from_db()
    assert couple.status == Couple.Status.ENDED
    assert get_user_model().objects.filter(pk=staying.pk).exists()
    log_in(client, staying.email)
    page = client.get("/partner/").content.decode()
    assert "a former partner whose account was deleted" in page
    assert "You are not linked with anyone" in page


def test_an_admin_deleting_someone_ends_their_link_as_self_deletion_does(client):
    from couples.selectors import active_couple_for

    admin = UserFactory(is_staff=True, is_superuser=True)
    alex, sam = UserFactory(), UserFactory()
    link_partners(alex, sam)
    client.force_login(admin)

    client.post(f"/admin/accounts/user/{alex.pk}/delete/", {"post": "yes"})

    assert not type(alex).objects.filter(pk=alex.pk).exists()
    assert active_couple_for(sam) is None  # Sam is free to link again
    client.force_login(sam)
    page = client.get("/partner/").content.decode()
    assert "a former partner whose account was deleted" in page
    assert "You are not linked with anyone" in page
