"""Template tags for the site-wide layout: main menu, breadcrumbs, calls to action."""

from __future__ import annotations

from typing import Any

from django import template
from wagtail.models import Page

from ..navigation import breadcrumbs as breadcrumb_trail
from ..navigation import calls_to_action
from ..navigation import main_menu as main_menu_items

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
