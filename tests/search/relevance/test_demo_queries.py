"""The queries researchers type on the demo site (``demo_queries.py``), run
through the search page's own code on the backend this run is configured with
(database on SQLite, database on PostgreSQL, Elasticsearch: see scripts/test):
the page they expect is on the first results page. The demo is loaded and
indexed once for the module."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation
from wagtail.models import Locale

from search.services import SearchRequest, SiteSearch
from tests.search.conftest import rebuild_search_index

from .demo_queries import QUERIES


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_content", stdout=io.StringIO())
        rebuild_search_index()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_site, db):
    return demo_site


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    QUERIES,
    ids=[f"{language}:{query}" for language, query, _ in QUERIES],
)
def test_the_expected_page_is_on_the_first_results_page(
    demo, language, query, expected
):
    locale = Locale.objects.get(language_code=language)
    with translation.override(language):
        outcome = SiteSearch(locale).search(SearchRequest(query=query))
    slugs = [hit.page.slug for hit in outcome.hits]
    assert expected in slugs, f"{query!r}: {expected} not in {slugs}"
