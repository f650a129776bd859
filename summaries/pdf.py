"""A summary as a PDF, drawn by WeasyPrint from the same HTML and print stylesheet as the
printable page. It fetches nothing: every stylesheet is read from the app's own files, and any
other address in the page (there is none) would be refused."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

STYLESHEETS = ("css/site.css", "css/summary.css", "css/summary-print.css")


def _refuse(url: str, *args, **kwargs):
    raise ValueError(f"a summary PDF loads nothing from outside: {url}")


def summary_pdf(content) -> bytes:
    """The PDF of `content` (selectors.summary_content), as the page prints it."""
    from weasyprint import CSS, HTML  # imported here: loading Pango is slow, and rare

    static = Path(settings.BASE_DIR) / "static"
    html = render_to_string("summaries/pdf.html", {"summary": content.summary, "content": content})
    return HTML(string=html, url_fetcher=_refuse).write_pdf(
        stylesheets=[
            CSS(string=(static / name).read_text(), url_fetcher=_refuse) for name in STYLESHEETS
        ],
    )
