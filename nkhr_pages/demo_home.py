"""The demo's home page, composed from sections (``fixtures/demo/home.json``),
and its illustrations (``demo_images``) on the home page and campaigns.

Runs after the content areas exist: sections point at pages by their English
slug (``{"page_ref": "about"}``), resolved to the page in each language, and at
the demo's illustrations by key (``{"image_ref": "candle"}``). Idempotent: a
home page that already starts with a hero section, and a page that already
has a picture, are left alone.
"""

from __future__ import annotations

from typing import Any, TextIO

from django.db import transaction
from wagtail.models import Locale, Page

from .demo import ensure_locales, read_fixture
from .demo_images import ensure_demo_images
from .models import HomePage


def _find_page(slug: str, english: Locale, locale: Locale) -> int | None:
    """The id of the page with this English slug, in ``locale``; None when the
    demo content has no such page (sections then show less, never fail)."""
    page = Page.objects.filter(locale=english, slug=slug).order_by("depth").first()
    if page is None:
        return None
    translated = page.get_translation_or_none(locale)
    return translated.pk if translated else None


def resolve_refs(value: Any, images: dict, english: Locale, locale: Locale) -> Any:
    """Replace page and image references in StreamField data with ids; a list
    drops the references it cannot resolve."""
    if isinstance(value, list):
        resolved = [resolve_refs(item, images, english, locale) for item in value]
        return [item for item in resolved if item is not None]
    if isinstance(value, dict):
        if "page_ref" in value:
            return _find_page(value["page_ref"], english, locale)
        if "image_ref" in value:
            return images[value["image_ref"]].pk
        return {
            key: resolve_refs(item, images, english, locale)
            for key, item in value.items()
        }
    return value


def _has_hero(page: HomePage) -> bool:
    return any(item.get("type") == "hero" for item in page.body.raw_data)


def compose_home(home: HomePage, body: list, out: TextIO | None = None) -> bool:
    if _has_hero(home):
        return False
    # Through the blocks (every item converted): list items are saved with ids,
    # Wagtail's block format, which wagtail-localize needs to translate them.
    value = home.body.stream_block.to_python(body)
    list(value)
    home.body = value
    home.save_revision().publish()
    if out:
        out.write(f"  composed the {home.locale.language_code} home page\n")
    return True


def add_page_images(
    page_images: dict[str, str], images: dict, out: TextIO | None = None
) -> None:
    """Give the demo's pages (``"<section>/<slug>"``) a picture where they have
    none, in both languages (the picture is synchronised, not translated)."""
    english = Locale.get_default()
    for path, key in page_images.items():
        section, slug = path.split("/")
        parent = Page.objects.filter(locale=english, slug=section, depth=3).first()
        if parent is None:
            continue
        page = parent.get_children().filter(slug=slug).first()
        if page is None:
            continue
        for version in [page.specific, *page.specific.get_translations()]:
            version = version.specific
            if getattr(version, "hero_image_id", False) is None:
                version.hero_image = images[key]
                version.save_revision().publish()
                if out:
                    out.write(f"  picture for {version.locale.language_code}: {slug}\n")


@transaction.atomic
def load_home(out: TextIO | None = None) -> None:
    data = read_fixture("home.json")
    locales = ensure_locales()
    images = ensure_demo_images()
    add_page_images(data["page_images"], images, out)
    english = locales["en"]
    for code, locale in locales.items():
        home = HomePage.objects.filter(locale=locale, depth=2).first()
        if home is None or code not in data:
            continue
        body = resolve_refs(data[code], images, english, locale)
        compose_home(home, body, out)
