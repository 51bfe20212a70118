import functools

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@register.simple_tag
def site_url(name: str) -> str:
    """{% url name %} for a URL without arguments, reversed once per process:
    base.html links to nine of them on every page, and reversing them each time
    was two thirds of the time it took to render."""
    return _reversed(name, get_script_prefix(), get_urlconf())


@functools.cache
def _reversed(name: str, script_prefix: str, urlconf) -> str:
    return reverse(name, urlconf=urlconf)
