"""Fixtures for the nkhr_pages tests: section pages in both locales."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests import factories


@pytest.fixture
def make_section(home_pages):
    """An English index page of ``factory`` under the home page, plus its Korean
    translation: ``en, ko = make_section(PublicationIndexPageFactory, "Publications",
    "간행물")``."""

    def make(factory, title: str, ko_title: str, **fields):
        en = factory(parent=home_pages["en"], title=title, **fields)
        en.save_revision().publish()
        ko = factories.translate(en, "ko", title=ko_title)
        return en, ko

    return make


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(
        "editor", "editor@example.org", "password"
    )


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture(autouse=True)
def _clear_caches():
    """Wagtail caches renditions by image id; ids repeat after each test's
    rollback, so a stale cache would show another test's file."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    return
