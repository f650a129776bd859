from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def page_title(title: str, site_name: str) -> SafeString:
    """A tab's title: "<page> · <site name>", or the site name alone when the page names no
    title of its own or its title is the site name (a bland SITE_NAME such as "Check-in" can
    be a page's name too). Whitespace that a template's block put around the title goes."""
    title = " ".join(conditional_escape(title).split())
    name = conditional_escape(site_name)
    if not title or title.casefold() == name.casefold():
        return mark_safe(name)  # noqa: S308 (both escaped above)
    return mark_safe(f"{title} · {name}")  # noqa: S308 (both escaped above)
