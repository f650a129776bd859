"""Admins and content editors edit the library; everyone can read where the questions come from."""

import pytest
from django.contrib.auth.models import Group

from content.markdown import render_markdown
from content.models import Dimension, Practice, Prompt, Source
from content.services import library_load
from tests.accounts.helpers import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    library_load()


@pytest.fixture
def editor_client(client):
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Content editors"))
    log_in(client, editor.email)
    return client


def test_about_page_lists_dimensions_their_ideas_and_sources(client, library):
    html = client.get("/about/questions/").content.decode()

    for name in ("Connection", "Communication", "Desire", "Obligation"):
        assert f">{name}</h2>" in html
    source = Source.objects.get(slug="bedrock-of-sex")
    assert f"<cite>{source.title}: {source.subtitle}</cite>" in html
    assert "Josephine Ferraro, LCSW" in html
    assert "higher</em> score" in html
    assert Prompt.objects.get(slug="connection-felt-close").text in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
    ],
)
def test_markdown_renders_harmless(hostile):
    html = render_markdown(f"Hello *there*.\n\n{hostile}")

    assert "<em>there</em>" in html
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html


def test_markdown_keeps_ordinary_formatting_and_safe_links():
    html = render_markdown("1. one\n2. two\n\n[help](https://example.org)")

    assert "<ol>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_content_editor_edits_prompts_and_practices(editor_client, library):
    prompt = Prompt.objects.get(slug="connection-felt-close")
    practice = Practice.objects.get(slug="self-care")

    assert editor_client.get("/admin/content/prompt/").status_code == 200
    assert editor_client.get(f"/admin/content/prompt/{prompt.pk}/change/").status_code == 200
    page = editor_client.get(f"/admin/content/practice/{practice.pk}/change/")
    assert page.status_code == 200
    assert "As people will see it" in page.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        "/admin/auth/group/",
        "/admin/account/emailaddress/",
        "/admin/health/heartbeat/",
    ],
)
def test_content_editor_is_refused_everything_but_content(editor_client, path):
    assert editor_client.get(path).status_code == 403


def test_prompt_admin_previews_the_check_in_form(admin_client, library):
    prompt = Prompt.objects.get(slug="obligation-owed-not-wanted")

    html = admin_client.get(f"/admin/content/prompt/{prompt.pk}/change/").content.decode()

    assert "On the check-in form" in html
    assert prompt.scale_low in html and prompt.scale_high in html
    assert "Share with my partner" in html


def test_bulk_deactivate_and_activate(admin_client, library):
    ids = list(Prompt.objects.filter(dimension__slug="desire").values_list("pk", flat=True))

    admin_client.post("/admin/content/prompt/", {"action": "deactivate", "_selected_action": ids})
    # All but the pulse item, which the charts follow (tests/content/test_versions.py).
    still_active = Prompt.objects.filter(pk__in=ids, is_active=True)
    assert list(still_active.values_list("kind", flat=True)) == ["pulse"]

    admin_client.post("/admin/content/prompt/", {"action": "activate", "_selected_action": ids})
    assert Prompt.objects.filter(pk__in=ids, is_active=True).count() == len(ids)


def test_prompt_list_filters_by_dimension_and_active_and_searches(admin_client, library):
    connection = Dimension.objects.get(slug="connection")
    page = admin_client.get(
        f"/admin/content/prompt/?dimension__id__exact={connection.pk}&is_active__exact=1&q=close"
    )

    assert page.status_code == 200
    assert Prompt.objects.get(slug="connection-felt-close").text in page.content.decode()


@pytest.mark.parametrize("selected", ["not-a-number", "1\x00"])
@pytest.mark.parametrize("model", ["prompt", "practice", "source", "dimension"])
def test_a_bulk_action_on_a_forged_selection_is_refused_with_a_message(
    admin_client, library, model, selected
):
    # Was a 500: the admin filtered by the posted ids as they were (ValueError).
    action = "delete_selected" if model in ("source", "dimension") else "deactivate"
    active = Prompt.objects.filter(is_active=True).count()

    response = admin_client.post(
        f"/admin/content/{model}/",
        {"action": action, "_selected_action": ["1", selected]},
        follow=True,
    )

    assert response.status_code == 200
    assert "Choose the items from the list. Nothing was changed." in response.content.decode()
    assert Prompt.objects.filter(is_active=True).count() == active
    assert Source.objects.count() and Dimension.objects.count()
