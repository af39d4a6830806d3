"""Recall on the relevance set, on the backend this run is configured with
(database on SQLite, database on PostgreSQL, Elasticsearch: see scripts/test).

One test builds the corpus once and checks every query, reporting all misses."""

from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from tests.search.conftest import rebuild_search_index

from .cases import DOCUMENTS, QUERIES


def test_recall_on_the_relevance_set(make_publication):
    for slug, texts in DOCUMENTS.items():
        make_publication(slug, texts["en"], texts["ko"])
    rebuild_search_index()

    failures = []
    for language, query, must, must_not in QUERIES:
        locale = Locale.objects.get(language_code=language)
        pages = Page.objects.live().filter(locale=locale)
        found = {page.slug for page in pages.search(query)}
        if missed := set(must) - found:
            failures.append(f"{language}:{query!r} missed {sorted(missed)}")
        if wrong := set(must_not) & found:
            failures.append(f"{language}:{query!r} wrongly found {sorted(wrong)}")
    backend = type(get_search_backend()).__name__
    assert not failures, f"{backend}: " + "; ".join(failures)
