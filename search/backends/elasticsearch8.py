"""Wagtail's Elasticsearch 8 backend with an analysis that understands Korean.

Every text field without its own analyzer uses the index's ``default`` analyzer, so
setting that one covers titles, bodies and the catch-all field:

- ``nori`` (default): the nori morphological tokenizer splits 인권침해를 into
  인권 + 침해 and drops particles (part-of-speech filter); Latin words come through
  as words and get Porter stemming, so English keeps stemming.
- ``cjk``: the standard tokenizer with CJK bigrams (analysis-common's approach), for
  a cluster without the analysis-nori plugin.

Choose with the key ``KOREAN_ANALYSIS`` of the backend settings.
"""

from __future__ import annotations

from collections import OrderedDict
from copy import deepcopy
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from wagtail.search.backends.base import FilterFieldError
from wagtail.search.backends.elasticsearch8 import (
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchResults,
)

ENGLISH_FILTERS = ["lowercase", "english_possessive", "porter_stem"]

ANALYSES: dict[str, dict[str, Any]] = {
    "nori": {
        "tokenizer": {
            "nkhr_nori": {"type": "nori_tokenizer", "decompound_mode": "discard"}
        },
        "filter": {
            "english_possessive": {"type": "stemmer", "language": "possessive_english"}
        },
        "analyzer": {
            "default": {
                "type": "custom",
                "tokenizer": "nkhr_nori",
                "filter": [
                    "nori_part_of_speech",
                    "nori_readingform",
                    "cjk_width",
                    *ENGLISH_FILTERS,
                ],
            }
        },
    },
    "cjk": {
        "filter": {
            "english_possessive": {"type": "stemmer", "language": "possessive_english"}
        },
        "analyzer": {
            "default": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["cjk_width", *ENGLISH_FILTERS, "cjk_bigram"],
            }
        },
    },
}


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = deepcopy(value)
    return merged


# Wagtail's facet() asks for Elasticsearch's default of 10 buckets; an archive
# facets on dates (one bucket per day) and topics, so ask for all of them.
FACET_BUCKETS = 1000


class KoreanElasticsearch8SearchResults(Elasticsearch8SearchResults):
    def facet(self, field_name):
        field = self.query_compiler._get_filterable_field(field_name)
        if field is None:
            raise FilterFieldError(
                f"Cannot facet search results with field {field_name!r}: add "
                f"index.FilterField({field_name!r}) to the model's search_fields.",
                field_name=field_name,
            )
        body = self._get_es_body()
        column = self.query_compiler.mapping.get_field_column_name(field)
        body["aggregations"] = {
            field_name: {
                "terms": {"field": column, "missing": 0, "size": FACET_BUCKETS}
            }
        }
        index = self.backend.get_index_for_model(self.query_compiler.queryset.model)
        response = self._backend_do_search(body, index=index.name, size=0)
        buckets = response["aggregations"][field_name]["buckets"]
        return OrderedDict(
            (bucket["key"] if bucket["key"] != 0 else None, bucket["doc_count"])
            for bucket in buckets
        )


class KoreanElasticsearch8SearchBackend(Elasticsearch8SearchBackend):
    """Elasticsearch 8 with Korean analysis as the index default."""

    results_class = KoreanElasticsearch8SearchResults

    def __init__(self, params: dict[str, Any]):
        params = dict(params)
        analysis = params.pop("KOREAN_ANALYSIS", "nori")
        if analysis not in ANALYSES:
            raise ImproperlyConfigured(
                f"KOREAN_ANALYSIS must be one of {sorted(ANALYSES)}, got {analysis!r}."
            )
        super().__init__(params)
        self.korean_analysis = analysis
        self.settings = _merge(
            self.settings, {"settings": {"analysis": ANALYSES[analysis]}}
        )


SearchBackend = KoreanElasticsearch8SearchBackend
