"""A German and a Spanish speaker read every page in their own language: no English sentence of
the catalogue or of the content library is left on any page they see, signed in (the profile's
language) or not (the browser's)."""

import re

import pytest
from django.test import Client

from checkins.models import Answer
from content.models import Dimension, Practice, Prompt, SafetyQuestion
from tests.i18n.conftest import walk
from tests.i18n.text import our_catalogue, svg_text, visible_text

pytestmark = pytest.mark.django_db

# Placeholders, tags and line breaks cut a string into the pieces a page shows whole.
CUTS = re.compile(r"%\(\w+\)[sd]|%[sd]|<[^>]+>|\n")


def english_sentences(language: str) -> set[str]:
    """Pieces of two or more words of the English that the language translates differently."""
    pairs = []
    for entry in our_catalogue(language).translated_entries():
        pairs.append((entry.msgid, entry.msgstr or entry.msgstr_plural.get(0, "")))
        if entry.msgid_plural:
            pairs.append((entry.msgid_plural, entry.msgstr_plural[max(entry.msgstr_plural)]))
    for model, fields in (
        (Dimension, ("name", "description")),
        (Prompt, ("text", "help_text", "scale_low", "scale_mid", "scale_high")),
        (Practice, ("title",)),
        (SafetyQuestion, ("text",)),
    ):
        for item in model.objects.all():
            for field in fields:
                english = getattr(item, f"{field}_en", None)
                if english:
                    pairs.append((english, getattr(item, f"{field}_{language}") or ""))
    sentences = set()
    for english, translation in pairs:
        if english == translation:
            continue
        for piece in CUTS.split(english):
            piece = " ".join(piece.split()).strip(" .,:;!?")
            if len(re.findall(r"[A-Za-z]{2,}", piece)) >= 2 and piece not in translation:
                sentences.add(piece)
    return sentences


@pytest.mark.parametrize(("language", "accept"), [("de", "de-DE,de;q=0.9"), ("es", "es-ES,es")])
def test_no_english_sentence_is_left_on_any_page(couple_with_history, language, accept):
    clients, samples, people = couple_with_history
    for person in people:
        person.profile.language = language
        person.profile.save()
    # As if they had answered in it: an answer keeps the words it was asked in (Answer.language),
    # and the fixture's answers were given outside any request, in English.
    Answer.objects.update(language=language)
    clients["anon"] = Client(HTTP_ACCEPT_LANGUAGE=accept)
    english = english_sentences(language)

    pages = walk(clients, samples)

    assert len(pages) > 40, "the walk should reach every page"
    left = {}
    for page in pages:
        text = "\n".join([*visible_text(page.html), *svg_text(page.html)])
        if found := sorted(s for s in english if s in text):
            left[f"{page.who} {page.path}"] = found
    assert not left, "\n".join(f"{where}: {found}" for where, found in left.items())
