"""Template helpers for the search page."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def search_params(context, **changes) -> str:
    """The current query string with ``changes`` applied (bookmarkable state);
    an empty value removes the parameter."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in ("", None):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()
