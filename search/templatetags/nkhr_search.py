"""Template helpers for the search page."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def search_params(context, **changes) -> str:
    """The current query string with ``changes`` applied (bookmarkable state)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.filter
def verbose_name_of(model) -> str:
    return str(model._meta.verbose_name).capitalize()
