"""What a page says to a person: its visible text and the attributes a person reads or hears,
and the catalogues that the i18n tests compare it with."""

import re
from html.parser import HTMLParser
from pathlib import Path

import allauth
import django
import polib
from django.conf import settings

# Wrapped around every string of the pseudo-locale, so that anything on a page outside them
# was not translated.
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"

# Attributes that a person reads (title, placeholder, alt) or hears (aria-label).
SPOKEN_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description"}
SILENT_ELEMENTS = {"script", "style", "template", "svg"}


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._silent = 0

    def handle_starttag(self, tag, attrs):
        if tag in SILENT_ELEMENTS:
            self._silent += 1
        attributes = dict(attrs)
        for name, value in attributes.items():
            if value and (name in SPOKEN_ATTRIBUTES):
                self.chunks.append(value)
        if tag == "input" and attributes.get("type") in {"submit", "button"}:
            self.chunks.append(attributes.get("value") or "")
        if tag == "meta" and attributes.get("name") == "description":
            self.chunks.append(attributes.get("content") or "")

    def handle_endtag(self, tag):
        if tag in SILENT_ELEMENTS and self._silent:
            self._silent -= 1

    def handle_data(self, data):
        if not self._silent:
            self.chunks.append(data)


def visible_text(html: str) -> list[str]:
    """The page's text chunks, whitespace folded, empty ones dropped."""
    parser = _Visible()
    parser.feed(html)
    folded = (" ".join(chunk.split()) for chunk in parser.chunks)
    return [chunk for chunk in folded if chunk]


def svg_text(html: str) -> list[str]:
    """The <text> and <title> of inline SVG charts, which a person reads too."""
    return [
        " ".join(m.split())
        for m in re.findall(r"<(?:text|title)\b[^>]*>([^<]+)</(?:text|title)>", html)
        if m.strip()
    ]


def without_pseudo(text: str) -> str:
    """The text with every pseudo-translated part removed, innermost first (a translated
    sentence can hold another one through a placeholder)."""
    inner = re.compile(f"{PSEUDO_OPEN}[^{PSEUDO_OPEN}{PSEUDO_CLOSE}]*{PSEUDO_CLOSE}")
    while True:
        shorter = inner.sub(" ", text)
        if shorter == text:
            return text
        text = shorter


def catalogue_files(language: str) -> list[Path]:
    """Every gettext catalogue the app uses in `language`: ours, Django's and allauth's."""
    django_dir = Path(django.__file__).parent
    allauth_dir = Path(allauth.__file__).parent
    ours = [Path(p) / language / "LC_MESSAGES" / "django.po" for p in settings.LOCALE_PATHS]
    theirs = [
        django_dir / "conf" / "locale" / language / "LC_MESSAGES" / "django.po",
        *sorted(django_dir.glob(f"contrib/*/locale/{language}/LC_MESSAGES/django.po")),
        allauth_dir / "locale" / language / "LC_MESSAGES" / "django.po",
    ]
    return [path for path in (*ours, *theirs) if path.exists()]


def our_catalogue(language: str) -> polib.POFile:
    path = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"
    return polib.pofile(str(path))


def write_pseudo_catalogue(directory: Path, language: str = "en") -> None:
    """A compiled catalogue for `language` in which every msgid of every catalogue the app uses
    reads ⟦msgid⟧: rendered with it, a page shows every translated string in brackets."""
    pseudo = polib.POFile()
    pseudo.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    seen = set()
    for path in catalogue_files("de"):
        for entry in polib.pofile(str(path)):
            key = (entry.msgctxt, entry.msgid)
            if key in seen or not entry.msgid:
                continue
            seen.add(key)
            pseudo_entry = polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid)
            if entry.msgid_plural:
                pseudo_entry.msgid_plural = entry.msgid_plural
                pseudo_entry.msgstr_plural = {
                    0: PSEUDO_OPEN + entry.msgid + PSEUDO_CLOSE,
                    1: PSEUDO_OPEN + entry.msgid_plural + PSEUDO_CLOSE,
                }
            else:
                pseudo_entry.msgstr = PSEUDO_OPEN + entry.msgid + PSEUDO_CLOSE
            pseudo.append(pseudo_entry)
    target = directory / language / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    pseudo.save_as_mofile(str(target / "django.mo"))
