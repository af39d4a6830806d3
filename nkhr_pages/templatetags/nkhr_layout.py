"""Template tags for the site-wide layout: main menu, breadcrumbs, calls to action."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language
from wagtail.models import Page

from ..navigation import breadcrumbs as breadcrumb_trail
from ..navigation import calls_to_action
from ..navigation import main_menu as main_menu_items
from ..navigation import organisation_settings as organisation_for
from ..page_cache import cached_fragment as cached_html

register = template.Library()


def _current_page(context) -> Page | None:
    page = context.get("page")
    return page if isinstance(page, Page) else None


@register.inclusion_tag("includes/nav_menu.html", takes_context=True)
def main_menu(context) -> dict[str, Any]:
    request = context.get("request")
    page = _current_page(context)
    items = main_menu_items(request) if request is not None else []
    return {
        "items": [(item, item.contains(page)) for item in items],
        "current_path": getattr(page, "path", None),
    }


@register.simple_tag(takes_context=True)
def breadcrumbs_trail(context) -> list[Page]:
    page = _current_page(context)
    return breadcrumb_trail(page) if page is not None else []


@register.simple_tag(takes_context=True)
def call_to_action_urls(context) -> dict[str, str]:
    """``{"donate": url, "newsletter": url}``; an empty URL hides its link."""
    request = context.get("request")
    return calls_to_action(request) if request is not None else {}


@register.simple_tag(takes_context=True)
def organisation_settings(context):
    """Cached ``OrganisationSettings`` (saves a query on every uncached page)."""
    request = context.get("request")
    return organisation_for(request) if request is not None else None


class CachedFragmentNode(template.Node):
    def __init__(
        self, nodelist: template.NodeList, parts: list[template.base.FilterExpression]
    ):
        self.nodelist, self.parts = nodelist, parts

    def render(self, context) -> str:
        name = ":".join(str(part.resolve(context)) for part in self.parts)
        name = f"{name}:{get_language()}"
        return cached_html(
            context.get("request"), name, lambda: self.nodelist.render(context)
        )


@register.tag
def cached_fragment(parser, token) -> CachedFragmentNode:
    """``{% cached_fragment "home-body" page.pk %}...{% endcached_fragment %}``:
    the enclosed HTML, kept until anything is published (``page_cache``),
    one copy per name, values and language."""
    parts = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    if not parts:
        raise template.TemplateSyntaxError("cached_fragment needs a name")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, parts)
