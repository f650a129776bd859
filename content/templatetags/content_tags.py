from django import template
from django.utils.safestring import SafeString, mark_safe

from content.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    # Safe to mark: render_markdown's output has been through the nh3 sanitizer.
    return mark_safe(render_markdown(text))  # noqa: S308
