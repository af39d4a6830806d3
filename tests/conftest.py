"""Fixtures shared by the whole suite. Page trees are built by small helpers,
never by the demo loader (only the demo loader's own test runs it)."""

from __future__ import annotations

import pytest
from wagtail.models import Locale, Page, Site

from nkhr_pages.demo import ensure_child_page, ensure_locales, ensure_translation
from nkhr_pages.models import HomePage, StandardPage


@pytest.fixture
def locales(db) -> dict[str, Locale]:
    return ensure_locales()


@pytest.fixture
def home_pages(locales) -> dict[str, HomePage]:
    """A default site with an English home page and its Korean translation."""
    return build_home_pages(locales)


def build_home_pages(locales: dict[str, Locale]) -> dict[str, HomePage]:
    """``home_pages`` for module-scoped fixtures, which cannot use it."""
    root = Page.get_first_root_node()
    if root is None:  # a transactional test before this one flushed the tree
        root = Page.add_root(
            instance=Page(title="Root", slug="root", locale=locales["en"])
        )
    for placeholder in root.get_children():
        placeholder.delete()
    en_home = HomePage(title="NKHR home", slug="home", locale=locales["en"])
    root.add_child(instance=en_home)
    en_home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost",
        port=80,
        root_page=en_home,
        is_default_site=True,
        site_name="NKHR",
    )
    ko_home = ensure_translation(
        en_home, locales["ko"], {"title": "북한인권시민연합 홈"}
    )
    return {"en": en_home, "ko": ko_home}


@pytest.fixture
def make_standard_page(home_pages, locales):
    """Create an English StandardPage (and optionally its Korean translation)."""

    def make(slug: str, title: str, ko_title: str | None = None, parent=None, **fields):
        en_page = ensure_child_page(
            parent or home_pages["en"], StandardPage, slug, {"title": title, **fields}
        )
        ko_page = None
        if ko_title is not None:
            ko_page = ensure_translation(en_page, locales["ko"], {"title": ko_title})
        return en_page, ko_page

    return make


# --- Public site (issue 8) ---
@pytest.fixture(autouse=True)
def _empty_cache():
    """The menu, the page cache and renditions live in the cache: start each test
    with an empty one, as the database is empty too."""
    from django.core.cache import cache

    from nkhr_pages.page_cache import local_state

    cache.clear()
    local_state.clear()
    yield
    cache.clear()
    local_state.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a test that renders in Korean
    (translation.activate without override) must not change the next test's."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
