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
