"""Admin menus in the language of each request.

Wagtail builds each menu's items once per process (``Menu.registered_menu_items``
is a ``cached_property``) by calling the ``register_*_menu_item`` hooks. A
label made with ``gettext`` in such a hook, or a lazy one formatted with ``%``
(Wagtail's own "What's new in Wagtail %(version)s", wagtail-localize's
"Translations" report), is fixed in the language of the first admin request
after a start: a Korean editor then saw English labels, or an English one
Korean. Wagtail offers no hook to rebuild the items, so the menus keep one list
of items per language instead, built on the first request in that language.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from wagtail.admin.menu import Menu

# The cached_property Wagtail ships; its function builds the items from the hooks.
_build_items = Menu.__dict__["registered_menu_items"].func
_ITEMS_BY_LANGUAGE = "_nkhr_menu_items_by_language"


def _registered_menu_items(menu: Menu) -> list[Any]:
    by_language = menu.__dict__.setdefault(_ITEMS_BY_LANGUAGE, {})
    language = get_language()
    items = by_language.get(language)
    if items is None:
        items = by_language[language] = _build_items(menu)
    return items


def follow_request_language() -> None:
    """Make every admin menu (main, settings, reports, help, viewset groups)
    keep its items per language. Safe to call more than once."""
    Menu.registered_menu_items = property(_registered_menu_items)
