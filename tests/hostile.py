"""Random and hostile form input for the property-based tests (tests/*/test_bad_input.py),
and the checks every form must pass with it: no 500, an error on the page, nothing saved,
and what the person typed still there."""

import re
from collections.abc import Callable, Iterable

from django.utils.html import escape
from hypothesis import strategies as st

# Any Unicode a browser can send (UTF-8 cannot carry lone surrogates).
any_text = st.text(st.characters(codec="utf-8"), max_size=60)

hostile_text = st.one_of(
    any_text,
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "{{ request }}{% debug %}",
            "'; DROP TABLE checkins_answer; --",
            "\u202eevil\u202c",  # right-to-left override
            "e\u0301\u0301\u0301",  # stacked combining marks
            "👩‍❤️‍💋‍👩",  # one emoji of several code points
            "\ufeff\u200b",  # invisible characters only
            "\r\n\r\n",
            "٣",  # an Arabic-Indic digit three
        ]
    ),
    any_text.map(lambda s: f"{s}\x00{s}"),
    # Huge: past every max_length here (50 to 2,000), up to a large paste.
    st.builds(lambda s, n: (s or "x")[:4] * n, any_text, st.integers(60, 3000)),
)

hostile_number = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", "0", "6", "-1", "3.0", " 3", "3 ", "0x3", "1e2", "٣", "3\x00", "NaN"]),
)

hostile_time = st.one_of(
    st.sampled_from(
        ["", "24:00", "23:60", "12:00:61", "-1:00", "7", "noon", "12:00\x00", "99:99", "1e3"]
    ),
    st.times().map(lambda t: t.isoformat()),
    hostile_text,
)

weird_emails = st.one_of(
    st.emails().map(str),
    st.sampled_from(
        [
            "plain",
            "a@b",
            "@example.com",
            "a@",
            "a@@example.com",
            "a b@example.com",
            '"quoted name"@example.com',
            "a@[127.0.0.1]",
            "a@localhost",
            "user+tag@example.com",
            "δοκιμή@παράδειγμα.δοκιμή",
            "a@xn--bcher-kva.example",
            "a@example.com\x00",
            "a@example.com\nBcc: b@example.com",
            "<script>@example.com",
            "x" * 300 + "@example.com",
            "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "com",
        ]
    ),
    hostile_text,
)

# What a hand-made POST can do to one field: drop it, send something odd, or send it twice.
MISSING = object()


def field_values(hostile: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.just(MISSING),
        hostile,
        st.lists(hostile, min_size=2, max_size=3),
    )


def mutate(valid: dict, strategies: dict[str, st.SearchStrategy]) -> st.SearchStrategy:
    """Valid form data with some of its fields (at least one) dropped, replaced or repeated."""

    def apply(changes: dict) -> dict:
        data = dict(valid)
        for name, value in changes.items():
            if value is MISSING:
                data.pop(name, None)
            else:
                data[name] = value
        return data

    return st.sets(st.sampled_from(sorted(strategies)), min_size=1).flatmap(
        lambda chosen: st.fixed_dictionaries(
            {name: field_values(strategies[name]) for name in sorted(chosen)}
        ).map(apply)
    )


def last(value) -> str | None:
    """What Django reads from a field sent this way: the last of repeated values."""
    if isinstance(value, list):
        return value[-1] if value else None
    return value


def assert_refused_with_input_kept(response, data: dict, shown: Iterable[str]) -> str:
    """A 400 page with an error on it, showing again each `shown` field as it was typed."""
    assert response.status_code == 400, response.status_code
    html = response.content.decode()
    assert 'class="errorlist' in html, "no error on the page"
    for name in shown:
        typed = last(data.get(name))
        if typed and typed.strip():
            assert escape(typed) in html or escape(typed.strip()) in html, f"{name} lost"
    return html


def assert_option_kept(html: str, name: str, value: str | None) -> None:
    """A select or radio option that was chosen is still chosen."""
    if not value:
        return
    pattern = (
        rf'name="{re.escape(name)}" value="{re.escape(escape(value))}"[^>]*checked'
        rf'|<option value="{re.escape(escape(value))}"[^>]*selected'
    )
    assert re.search(pattern, html), f"{name}={value!r} lost"


def snapshot(*querysets: Callable[[], Iterable]) -> list:
    """The rows a form could write, to compare before and after a refused post."""
    return [list(queryset()) for queryset in querysets]
