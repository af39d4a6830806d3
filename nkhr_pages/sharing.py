"""What a page shows when shared: title, description and image for OpenGraph,
Twitter cards and feeds. Pages vary in which fields they have, so this reads
them by name instead of every page type repeating the same method."""

from __future__ import annotations

from wagtail.models import Page

IMAGE_FIELDS = ("hero_image", "cover_image")
DESCRIPTION_FIELDS = ("search_description", "summary", "introduction")


def share_image(page: Page):
    """The page's lead image (may be flagged: callers must check consent)."""
    for name in IMAGE_FIELDS:
        image = getattr(page, name, None)
        if image is not None:
            return image
    return None


def share_description(page: Page) -> str:
    for name in DESCRIPTION_FIELDS:
        value = getattr(page, name, "")
        if value:
            return str(value)
    return ""
