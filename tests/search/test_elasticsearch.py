"""The Korean analysis of the Elasticsearch backend, on the real test node."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail.search.backends import get_search_backend

from nkhr_pages.models import PublicationPage
from search.backends.elasticsearch8 import KoreanElasticsearch8SearchBackend
from tests.search.conftest import rebuild_search_index
from tests.services import require_service


def analyse(backend, index, text):
    tokens = backend.es.indices.analyze(index=index, text=text)["tokens"]
    return [token["token"] for token in tokens]


@pytest.mark.elasticsearch
@pytest.mark.parametrize(
    ("analysis", "korean_tokens"),
    [("nori", ["인권", "침해"]), ("cjk", ["인권", "권침", "침해", "해를"])],
)
def test_default_analyzer_segments_korean_and_stems_english(analysis, korean_tokens):
    url = require_service("NKHR_TEST_ELASTICSEARCH_URL", "Elasticsearch 8")
    backend = KoreanElasticsearch8SearchBackend(
        {"URLS": [url], "KOREAN_ANALYSIS": analysis, "INDEX_PREFIX": "analysis_"}
    )
    index = f"analysis_{analysis}"
    backend.es.indices.delete(index=index, ignore_unavailable=True)
    backend.es.indices.create(index=index, **backend.settings)
    try:
        assert analyse(backend, index, "인권침해를") == korean_tokens
        assert analyse(backend, index, "NKHR reports") == ["nkhr", "report"]
    finally:
        backend.es.indices.delete(index=index)


def test_unknown_korean_analysis_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="KOREAN_ANALYSIS"):
        KoreanElasticsearch8SearchBackend({"KOREAN_ANALYSIS": "mecab"})


@pytest.mark.elasticsearch
def test_facets_return_more_than_ten_buckets(make_publication, settings):
    """Wagtail asks Elasticsearch for its default 10 buckets; the archive needs all
    publication dates to count years."""
    url = require_service("NKHR_TEST_ELASTICSEARCH_URL", "Elasticsearch 8")
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.elasticsearch8",
            "URLS": [url],
            "INDEX_PREFIX": "facets_",
        }
    }
    for day in range(1, 13):
        make_publication(
            f"p{day}",
            {"title": f"Report {day}"},
            publication_date=dt.date(2020, 1, day),
        )
    rebuild_search_index()
    try:
        dates = (
            PublicationPage.objects.live().search("report").facet("publication_date")
        )
        assert len(dates) == 12
    finally:
        es = get_search_backend().es
        for name in es.indices.get(index="facets_*"):
            es.indices.delete(index=name)
