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
