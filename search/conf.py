"""Every setting the search app reads, with the app's default.

The search backends are chosen in ``WAGTAILSEARCH_BACKENDS`` (Wagtail's own
setting); the app itself reads only the name of the layout its pages extend.
docs/apps.md lists them for the people who install the app.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # The layout the search pages extend.
    "NKHR_BASE_TEMPLATE": "base.html",
}


def setting(name: str) -> Any:
    """The project's value of ``name``, or the app's default when it has none."""
    return getattr(settings, name, DEFAULTS[name])


def layout_context() -> dict[str, str]:
    """What every search template needs to extend the host's layout."""
    return {"base_template": setting("NKHR_BASE_TEMPLATE")}
