"""The content admin under random and hostile input (issue #8, Bad input).

Admins write Markdown that everyone reads, so its HTML must never carry script whatever they
type; and the admin's own forms must answer bad input with an error (the admin re-renders
with status 200), changing nothing and keeping what was typed.
"""

from html.parser import HTMLParser

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from content.markdown import ALLOWED_TAGS, ALLOWED_URL_SCHEMES, render_markdown
from content.models import Dimension, Practice, Prompt, Source
from tests.checkins.helpers import open_round, submit
from tests.factories import UserFactory, link_partners
from tests.hostile import (
    any_text,
    assert_option_kept,
    hostile_number,
    hostile_text,
    last,
    mutate,
    snapshot,
)

pytestmark = pytest.mark.django_db

markdown_pieces = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//x.example/x.js></SCRIPT>",
        '<img src=x onerror="alert(1)">',
        "<svg/onload=alert(1)>",
        "<iframe src=javascript:alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt&colon;alert(1)">x</a>',
        "<a href='data:text/html;base64,PHNjcmlwdD4='>x</a>",
        "[x](javascript:alert(1))",
        "[x](  javascript:alert(1)  )",
        "[x](vbscript:msgbox(1))",
        "![x](javascript:alert(1))",
        "<style>body{display:none}</style>",
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<form action=//evil.example><input name=password></form>",
        "<!-- <script>alert(1)</script> -->",
        "<<script>script>alert(1)<</script>/script>",
        "`<script>alert(1)</script>`",
        "    <script>alert(1)</script>",
        "<details open ontoggle=alert(1)>",
        "\x00<script>alert(1)</script>",
        "# heading\n\n**bold** _em_ [ok](https://example.org)",
        "> quote\n\n1. one\n2. two",
        "\n\n",
    ]
)
hostile_markdown = st.lists(st.one_of(markdown_pieces, any_text), max_size=8).map("".join)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def assert_harmless(html: str) -> None:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.found:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on"), name
            assert name in ("href", "title", "rel"), name
            if name == "href":
                scheme = (value or "").split(":", 1)[0].strip().lower()
                assert ":" not in (value or "") or scheme in ALLOWED_URL_SCHEMES, value


@given(body=hostile_markdown)
def test_markdown_never_renders_script_whatever_an_admin_types(body):
    assert_harmless(render_markdown(body))


@pytest.fixture
def sources(library):
    return [str(pk) for pk in Source.objects.values_list("pk", flat=True)[:2]]


def _practice_state():
    return snapshot(lambda: Practice.objects.order_by("pk").values())


def assert_admin_refused(response, data: dict, shown: list[str]) -> str:
    # The admin answers a bad form with 200 and its error note, not 400.
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert 'class="errornote"' in html or 'class="errorlist' in html, "no error on the page"
    from django.utils.html import escape

    for name in shown:
        typed = last(data.get(name))
        if typed and typed.strip():
            assert escape(typed) in html or escape(typed.strip()) in html, f"{name} lost"
    return html


# The admin edits each language's column of a translated text (content/translation.py):
# these post the English ones (`title_en`).


def test_hostile_practices_are_refused_whole_with_what_was_typed(admin_client, sources):
    dimension = Dimension.objects.get(slug="desire")
    valid = {
        "slug": "fuzzed",
        "title_en": "Something to try",
        "body_en": "Take *ten* minutes.",
        "dimension": str(dimension.pk),
        "suggest_when": "low",
        "score_min": "1",
        "score_max": "2.5",
        "minutes": "10",
        "is_active": "on",
        "sources": sources,
    }
    fields = {
        "slug": st.one_of(st.from_regex(r"[a-z0-9-]{1,30}", fullmatch=True), hostile_text),
        "title_en": hostile_text,
        "body_en": st.one_of(hostile_markdown, hostile_text),
        "dimension": st.one_of(st.just(str(dimension.pk)), hostile_number),
        "suggest_when": st.one_of(st.sampled_from(Practice.SuggestWhen.values), hostile_text),
        "score_min": st.one_of(st.sampled_from(["1", "1.5", "4.9", "5"]), hostile_number),
        "score_max": st.one_of(st.sampled_from(["1", "2.5", "5", "5.0"]), hostile_number),
        "minutes": st.one_of(st.sampled_from(["0", "32767", "32768"]), hostile_number),
        "sources": st.one_of(st.just(sources), hostile_number),
    }

    @given(data=mutate(valid, fields))
    @example(data={**valid, "score_min": "4", "score_max": "2"})
    @example(data={**valid, "title_en": "a\x00b", "body_en": "<script>alert(1)</script>"})
    @example(data={**valid, "minutes": "99999999999"})
    @example(data={**valid, "sources": ["1\x00"]})
    def check(data):
        before = _practice_state()

        response = admin_client.post("/admin/content/practice/add/", data)

        if response.status_code == 302:
            practice = Practice.objects.latest("pk")
            assert practice.title == last(data["title_en"]).strip()
            assert_harmless(render_markdown(practice.body))
            page = admin_client.get(f"/admin/content/practice/{practice.pk}/change/")
            assert page.status_code == 200
            return
        html = assert_admin_refused(response, data, ["title_en", "body_en"])
        assert _practice_state() == before, "a refused practice changed the practices"
        choice = last(data.get("suggest_when"))
        assert_option_kept(
            html, "suggest_when", choice if choice in Practice.SuggestWhen.values else None
        )

    check()


def test_hostile_edits_of_an_answered_prompt_are_refused_whole(admin_client, library):
    alex, sam = UserFactory(), UserFactory()
    link_partners(alex, sam)
    submit(open_round(alex), alex, score=4)
    prompt = Prompt.objects.filter(answers__isnull=False).first()
    valid = {
        "dimension": str(prompt.dimension_id),
        "slug": prompt.slug,
        "text_en": prompt.text,
        "help_text_en": prompt.help_text,
        "scale_low_en": prompt.scale_low,
        "scale_mid_en": prompt.scale_mid,
        "scale_high_en": prompt.scale_high,
        "shared_by_default": "on",
        "is_active": "on",
        "order": str(prompt.order),
        "sources": [str(pk) for pk in prompt.sources.values_list("pk", flat=True)],
        # Its German and Spanish as they are: a blank one posted would be a rewording.
        **{
            f"{field}_{language}": getattr(prompt, f"{field}_{language}")
            for field in Prompt.WORDING_FIELDS
            for language in ("de", "es")
            if getattr(prompt, f"{field}_{language}")
        },
    }
    other_slugs = list(Prompt.objects.exclude(slug=prompt.slug).values_list("slug", flat=True))
    fields = {
        "slug": st.one_of(st.sampled_from(other_slugs), hostile_text),
        "text_en": hostile_text,
        "help_text_en": hostile_text,
        "scale_low_en": hostile_text,
        "scale_high_en": hostile_text,
        "order": hostile_number,
        "dimension": hostile_number,
    }

    def state():
        return snapshot(lambda: Prompt.objects.order_by("pk").values())

    current = {"pk": prompt.pk}

    @given(data=mutate(valid, fields))
    @example(data={**valid, "text_en": "New wording", "slug": other_slugs[0]})
    @example(data={**valid, "text_en": "x" * 201})
    def check(data):
        before = state()

        response = admin_client.post(f"/admin/content/prompt/{current['pk']}/change/", data)

        if response.status_code == 302:
            # A rewording retired the edited row for a new version: edit that one next.
            newer = Prompt.objects.filter(previous_id=current["pk"]).first()
            if newer is not None:
                current["pk"] = newer.pk
                assert Prompt.objects.get(pk=newer.previous_id).retired_at is not None
            return
        assert_admin_refused(
            response, data, ["text_en", "help_text_en", "scale_low_en", "scale_high_en"]
        )
        assert state() == before, "a refused edit changed the prompts"

    check()
