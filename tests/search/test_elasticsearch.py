"""The Korean analysis of the Elasticsearch backend, on the real test node."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from search.backends.elasticsearch8 import KoreanElasticsearch8SearchBackend
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
