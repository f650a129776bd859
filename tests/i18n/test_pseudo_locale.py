"""Every string a page shows goes through a translation catalogue. Rendered in a pseudo-locale,
in which every catalogue entry reads ⟦like this⟧, a page may show nothing else but what people
and the content library wrote (names, notes, questions), numbers and punctuation: any other word
is a string that a German or Spanish speaker would read in English."""

import re
import zoneinfo

import pytest
from django.conf import settings
from django.db import models

from content import models as content_models
from demo.services import DEMO_AGREEMENT, DEMO_TOPIC
from tests.i18n.conftest import AGREEMENT, walk
from tests.i18n.text import svg_text, visible_text, without_pseudo, write_pseudo_catalogue

pytestmark = pytest.mark.django_db

# Shown as they are in every language: the language switch names each language in itself.
NEVER_TRANSLATED = {"English", "Deutsch", "Español", "UTC"}
PUNCTUATION = " .,:;!?()·/|\"'\u2013\u2014-"
WORD = re.compile(r"[^\W\d_]{2,}")


def content_library_texts() -> list[str]:
    """The library's words, which are content (translated in the admin), not catalogue strings."""
    texts = []
    for model in (
        content_models.Source,
        content_models.Dimension,
        content_models.Prompt,
        content_models.Practice,
        content_models.SafetyQuestion,
        content_models.SafetyChoice,
        content_models.LocalResources,
    ):
        fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField) and f.name != "slug"
        ]
        for row in model.objects.values(*fields):
            texts.extend(" ".join(str(v).split()) for v in row.values() if v)
    # An article is cited by its title and subtitle together.
    texts.extend(
        f"{source.title}: {source.subtitle}"
        for source in content_models.Source.objects.exclude(subtitle="")
    )
    return texts


@pytest.fixture
def pseudo_english(settings, tmp_path):
    """English, as everyone reads by default, with the pseudo catalogue over every other."""
    write_pseudo_catalogue(tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]


def as_shown(texts: list[str]) -> set[str]:
    """Each text, and its pieces between Markdown's marks, as a page shows them."""
    shown = set()
    for text in texts:
        shown.add(text)
        shown.update(" ".join(p.split()) for p in re.split(r"[*_\[\]()#\n>`]+", text))
    return shown


def untranslated(html: str, allowed: set[str]) -> list[str]:
    found = []
    # Across the whole text: a translated sentence may hold a link or <strong>, which cut it
    # into several chunks between its brackets.
    text = without_pseudo("\n".join([*visible_text(html), *svg_text(html)]))
    for chunk in text.split("\n"):
        rest = " ".join(chunk.split()).strip(PUNCTUATION)
        if not WORD.search(rest) or rest in NEVER_TRANSLATED or rest in allowed:
            continue
        # A long run of words inside a question or a practice is that text, cut by markup.
        if len(rest.split()) >= 3 and any(rest in text for text in allowed):
            continue
        found.append(rest)
    return found


def test_every_page_shows_only_translated_strings_and_what_people_wrote(
    couple_with_history, pseudo_english
):
    clients, samples, people = couple_with_history
    written_by_people = [
        AGREEMENT,
        # What the demo seed has the couple write (a topic; its agreement is saved over).
        DEMO_TOPIC,
        DEMO_AGREEMENT,
        settings.SITE_NAME,
        *(p.email for p in people),
        *(p.profile.display_name for p in people),
        *zoneinfo.available_timezones(),
    ]
    allowed = as_shown([*written_by_people, *content_library_texts()])

    pages = walk(clients, samples)

    assert len(pages) > 40, "the walk should reach every page"
    problems = {
        f"{page.who} {page.path}": words
        for page in pages
        if (words := untranslated(page.html, allowed))
    }
    assert not problems, "\n".join(f"{where}: {words}" for where, words in problems.items())
