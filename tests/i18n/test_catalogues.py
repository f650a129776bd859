"""The German and Spanish catalogues are complete: no entry left untranslated or fuzzy (gettext
shows the English for both), and each translation keeps the placeholders of its English, which
would otherwise raise an error or drop a name when the page is built."""

import re

import pytest

from tests.i18n.text import our_catalogue

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


@pytest.mark.parametrize("language", ["de", "es"])
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    catalogue = our_catalogue(language)

    assert len(catalogue) > 100, "the catalogue should hold the app's strings"
    assert not [e.msgid for e in catalogue.untranslated_entries()]
    assert not [e.msgid for e in catalogue.fuzzy_entries()]


@pytest.mark.parametrize("language", ["de", "es"])
def test_translations_keep_the_placeholders_of_their_english(language):
    wrong = []
    for entry in our_catalogue(language).translated_entries():
        if entry.msgid_plural:
            # The singular may spell the number out ("eine Woche"); the plural may not.
            pairs = [(entry.msgid_plural, entry.msgstr_plural[max(entry.msgstr_plural)])]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for english, translation in pairs:
            named = {p for p in PLACEHOLDER.findall(english) if "(" in p or "{" in p}
            if not named <= set(PLACEHOLDER.findall(translation)):
                wrong.append((entry.msgid, translation))

    assert not wrong


@pytest.mark.parametrize("language", ["de", "es"])
def test_every_plural_has_each_form_its_language_counts(language):
    """Spanish has three plural forms in Django's rules (one, millions, other): an entry with
    two shows the English for the third."""
    catalogue = our_catalogue(language)
    forms = int(re.search(r"nplurals=(\d+)", catalogue.metadata["Plural-Forms"]).group(1))

    short = [
        entry.msgid
        for entry in catalogue
        if entry.msgid_plural
        and sorted(k for k, v in entry.msgstr_plural.items() if v) != list(range(forms))
    ]

    assert not short
