from django import template

from ..i18n import UNTRANSLATED_FLAG, hreflang_alternates, language_links

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context["request"]
    page = context.get("page")
    return {
        "links": language_links(
            request, page if hasattr(page, "get_translations") else None
        )
    }


@register.inclusion_tag("includes/hreflang.html", takes_context=True)
def hreflang_links(context):
    request = context["request"]
    page = context.get("page")
    if not hasattr(page, "get_translations"):
        return {"alternates": []}
    return {"alternates": hreflang_alternates(request, page)}


@register.simple_tag(takes_context=True)
def arrived_untranslated(context) -> bool:
    """True when the visitor followed a switcher link to a page not yet translated."""
    request = context.get("request")
    return bool(request and request.GET.get(UNTRANSLATED_FLAG))


@register.simple_tag(takes_context=True)
def facet_querystring(context, name: str, value) -> str:
    """The current query string with facet ``name`` set to ``value`` (or cleared
    when it is already selected) and the page reset: bookmarkable facet links."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    if params.get(name) == str(value):
        params.pop(name)
    else:
        params[name] = str(value)
    return params.urlencode()


@register.simple_tag(takes_context=True)
def filter_chips(context, form) -> list[dict]:
    """A listing's single choice filter as links (rendered as chips): one per
    choice with its bookmarkable URL and whether it is the one shown. Empty when
    the filter has no fixed choices (a year), which keeps its form instead."""
    params = context["request"].GET
    chips = []
    for field in form:
        choices = getattr(field.field, "choices", None)
        if not choices:
            return []
        current = params.get(field.name, "")
        valid = {str(value) for value, _label in choices}
        if current not in valid:
            current = ""
        for value, label in choices:
            query = params.copy()
            query.pop("page", None)
            query.pop(field.name, None)
            if value != "":
                query[field.name] = str(value)
            chips.append(
                {
                    "label": label,
                    "url": "?" + query.urlencode() if query else "?",
                    "selected": str(value) == current,
                }
            )
    return chips
