"""Markdown written by admins, turned into HTML that cannot carry script."""

import functools

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "h3", "h4", "a", "code",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


# A pure function of the text, and the same few practices show on many pages: rendering them
# again each time was a tenth of the check-in page's time after answering (docs/performance.md).
@functools.lru_cache(maxsize=512)
def render_markdown(text: str) -> str:
    html = markdown_lib.markdown(text, output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
