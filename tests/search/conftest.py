"""Search test content: a small bilingual site, indexed by whichever backend the
settings choose (database on SQLite or PostgreSQL, or Elasticsearch when
ELASTICSEARCH_URL is set: scripts/test runs this folder a third time for that)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.search.backends import get_search_backend

from nkhr_pages.demo import ensure_child_page, ensure_translation
from nkhr_pages.models import PublicationIndexPage, PublicationPage, StandardPage


def rebuild_search_index() -> None:
    """Rebuild the index from the database and make it searchable at once."""
    call_command("update_index", stdout=StringIO(), stderr=StringIO())
    refresh_search_index()


def refresh_search_index() -> None:
    """Make what was indexed searchable at once (Elasticsearch is near-real-time)."""
    backend = get_search_backend()
    if hasattr(backend, "es"):
        backend.es.indices.refresh(index=f"{backend.index_prefix}*")


@pytest.fixture
def archive(home_pages, locales):
    """The publication archive in English and Korean."""
    en = ensure_child_page(
        home_pages["en"],
        PublicationIndexPage,
        "publications",
        {"title": "Publications"},
    )
    ko = ensure_translation(en, locales["ko"], {"title": "발간자료"})
    return {"en": en, "ko": ko}


@pytest.fixture
def make_publication(archive, locales):
    def make(slug, en: dict, ko: dict | None = None, **common):
        fields = {
            "publication_type": PublicationPage.PublicationType.RESEARCH_REPORT,
            "publication_date": dt.date(2024, 1, 1),
            **common,
            **en,
        }
        en_page = ensure_child_page(archive["en"], PublicationPage, slug, fields)
        ko_page = ensure_translation(en_page, locales["ko"], ko) if ko else None
        return en_page, ko_page

    return make


@pytest.fixture
def standard_page(home_pages):
    def make(slug, **fields):
        return ensure_child_page(home_pages["en"], StandardPage, slug, fields)

    return make


@pytest.fixture
def site_content(make_publication, standard_page):
    report, report_ko = make_publication(
        "forced-repatriation",
        {
            "title": "Forced repatriation from China",
            "summary": "<script>alert('x')</script> Escapees (1 < 2) face "
            "forced repatriation.",
        },
        {"title": "중국의 강제송환", "summary": "탈북민 강제송환을 중단하라."},
    )
    about = standard_page(
        "about",
        title="About NKHR",
        introduction="Founded in 1996 to document forced repatriation and abductions.",
    )
    rebuild_search_index()
    return {"report": report, "report_ko": report_ko, "about": about}
