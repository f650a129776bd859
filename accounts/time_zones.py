"""A first guess at a person's time zone from their browser's languages, for the sign-up form
without JavaScript: "de-AT" is Austria, so Europe/Vienna. The person sees it and can change it."""

import functools
from importlib import resources

from django.utils.translation.trans_real import parse_accept_lang_header

FALLBACK = "UTC"


@functools.cache
def _first_zone_by_country() -> dict[str, str]:
    """Each country's first zone in the IANA table. For most countries that is the main one;
    for a few with several it is not (Brazil's is America/Noronha), which is why the form
    shows the guess for the person to change, and JavaScript replaces it with the browser's."""
    table = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text()
    zones: dict[str, str] = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            country, _, zone = line.split("\t")[:3]
            zones.setdefault(country, zone)
    return zones


def time_zone_for_languages(accept_language: str) -> str:
    """The zone of the first language in the Accept-Language header that names a region."""
    for language, _ in parse_accept_lang_header(accept_language[:500]):
        parts = language.replace("_", "-").split("-")
        region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
        if region in _first_zone_by_country():
            return _first_zone_by_country()[region]
    return FALLBACK
