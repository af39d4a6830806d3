"""Wagtail's Elasticsearch 8 backend with an analysis that understands Korean.

Every text field without its own analyzer uses the index's ``default`` analyzer, so
setting that one covers titles, bodies and the catch-all field:

- ``nori`` (default): the nori morphological tokenizer splits 인권침해를 into
  인권 + 침해 and drops particles (part-of-speech filter); Latin words come through
  as words and get Porter stemming, so English keeps stemming.
- ``cjk``: the standard tokenizer with CJK bigrams (analysis-common's approach), for
  a cluster without the analysis-nori plugin.

Choose with the key ``KOREAN_ANALYSIS`` of the backend settings.

Both map nationality adjectives to the country before stemming (Korean -> korea,
the map of ``search.korean.DEMONYMS``), and every catch-all text field has a
``syllables`` sub-field holding each Hangul syllable, searched when a query is
nothing but single syllables (북 finds 북한, which nori keeps as one noun).

Ranking: the query's words as a phrase add to the score, and pages of equal score
come newest first.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from copy import deepcopy
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from wagtail.models import Page
from wagtail.search.backends.base import FilterFieldError
from wagtail.search.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
    Elasticsearch8SearchResults,
)
from wagtail.search.index import FilterField, SearchField
from wagtail.search.query import PlainText

from .. import korean

ENGLISH_FILTERS = ["lowercase", "english_possessive", "nkhr_demonyms", "porter_stem"]
SHARED_FILTERS = {
    "english_possessive": {"type": "stemmer", "language": "possessive_english"},
    "nkhr_demonyms": {
        "type": "stemmer_override",
        "rules": [f"{word} => {country}" for word, country in korean.DEMONYMS.items()],
    },
}
# Each Hangul syllable a token: the ``syllables`` sub-field (see the docstring).
SYLLABLES_ANALYZER = {
    "tokenizer": {
        # Every letter on its own (Latin letters too, never searched there):
        # the ngram tokenizer is in every distribution, the pattern one is not.
        "nkhr_hangul_syllable": {
            "type": "ngram",
            "min_gram": 1,
            "max_gram": 1,
            "token_chars": ["letter"],
        }
    },
    "analyzer": {
        "nkhr_syllables": {"type": "custom", "tokenizer": "nkhr_hangul_syllable"}
    },
}
SYLLABLES = "syllables"
# The text as the database backends index it (search.korean.segment_for_index:
# Hangul as syllable pairs, across spaces), each token once, for documents
# with Hangul: searched beside nori, so that spacing (메이드인차이나 for
# 메이드 인 차이나) and particles nori does not split (납북자들의) still match.
HANGUL_PAIRS = "_hangul_pairs"
# How much more a page holding the words as a phrase scores.
PHRASE_BOOST = 2.0

ANALYSES: dict[str, dict[str, Any]] = {
    "nori": {
        "tokenizer": {
            "nkhr_nori": {"type": "nori_tokenizer", "decompound_mode": "discard"}
        },
        "filter": SHARED_FILTERS,
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
        "filter": SHARED_FILTERS,
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
# Faceting on ``id`` lists the matching pages (the site search counts their
# content years from it): as many as a search can match, within ES's max_buckets.
ID_FACET_BUCKETS = 60_000


# Each page's content year (``search.services.page_content_year``), stored with
# it so that the search page's year facet is an aggregation, not a list of every
# matching page (60,000 ids at 100,000 publications). Named like the mapping's
# own fields (``_django_content_type``), so no model field can take the name.
CONTENT_YEAR = "_content_year"


class PrefetchingElasticsearch8Mapping(Elasticsearch8Mapping):
    """Reads many-to-many filter values through the prefetch cache; gives the
    catch-all text fields their ``syllables`` sub-field and pages their content
    year; enriches text as ``search.korean.enrich_for_index`` says."""

    def get_mapping(self):
        mapping = super().get_mapping()
        for name, field in mapping["properties"].items():
            if name.startswith("_all_text"):
                field["fields"] = {
                    SYLLABLES: {"type": "text", "analyzer": "nkhr_syllables"}
                }
        if issubclass(self.model, Page):
            mapping["properties"][CONTENT_YEAR] = {"type": "integer"}
        mapping["properties"][HANGUL_PAIRS] = {"type": "text", "analyzer": "standard"}
        return mapping

    def get_document(self, obj):
        self._texts: list[str] = []  # filled by _get_document_field_data
        document = super().get_document(obj)
        pairs = korean.hangul_pairs_for_index(" ".join(self._texts))
        if pairs:
            document[HANGUL_PAIRS] = pairs
        if isinstance(obj, Page):
            from ..services import page_content_year

            document[CONTENT_YEAR] = page_content_year(obj)
        return document

    def _get_document_field_data(self, field, obj):
        if isinstance(field, SearchField):
            # As the database backends index it: accents folded, acronyms and
            # joined hyphenated words added (search.korean.enrich_for_index).
            name, value, edgengrams = super()._get_document_field_data(field, obj)
            if isinstance(value, str):
                value = korean.enrich_for_index(value)
                getattr(self, "_texts", []).append(value)
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                value = [korean.enrich_for_index(v) for v in value]
                getattr(self, "_texts", []).extend(value)
            return name, value, edgengrams
        if isinstance(field, FilterField):
            value = field.get_value(obj)
            if isinstance(value, (models.Manager, models.QuerySet)):
                # The base mapping asks ``values_list("pk")``, which bypasses the
                # ``prefetch_related`` of ``get_indexed_objects()``: one query
                # per document while indexing. Iterating a queryset reads the
                # prefetched rows.
                items = value.all() if isinstance(value, models.Manager) else value
                pks = [item.pk for item in items]
                return self.get_field_column_name(field), pks, []
        return super()._get_document_field_data(field, obj)


class KoreanElasticsearch8SearchQueryCompiler(Elasticsearch8SearchQueryCompiler):
    # Every word must match, as on the database backends: with "or", 강제송환
    # (강제 + 송환) would also find every 강제노동 (forced labour).
    DEFAULT_OPERATOR = "and"

    def _syllables_only(self) -> bool:
        words = korean.query_words(self.query.query_string)
        return bool(words) and all(
            len(word) == 1 and korean.contains_hangul(word) for word in words
        )

    def get_inner_query(self):
        if not isinstance(self.query, PlainText) or self.fields:
            return super().get_inner_query()
        if self._syllables_only():
            fields = [
                f"{field.field_name}.{SYLLABLES}^{field.boost}"
                for field in self.remapped_fields
            ]
            return {
                "multi_match": {
                    "query": self.query.query_string,
                    "fields": fields,
                    "operator": "and",
                }
            }
        inner = super().get_inner_query()
        if korean.contains_hangul(self.query.query_string):
            pairs = {
                "match": {
                    HANGUL_PAIRS: {
                        "query": korean.segment_query(self.query.query_string),
                        "operator": self.query.operator,
                    }
                }
            }
            inner = {"bool": {"should": [inner, pairs], "minimum_should_match": 1}}
        if len(self.query.query_string.split()) < 2:
            return inner
        phrase = {
            "multi_match": {
                "query": self.query.query_string,
                "type": "phrase",
                "fields": [f.field_name_with_boost for f in self.remapped_fields],
                "boost": PHRASE_BOOST,
            }
        }
        return {"bool": {"must": inner, "should": [phrase]}}

    def get_query(self):
        """Scaled by the page type's ``search_rank_factor`` where it is not 1
        (as the database backends do: ``search.backends.database``)."""
        query = super().get_query()
        if not self.order_by_relevance:
            return query
        from django.contrib.contenttypes.models import ContentType

        from .database import rank_factors

        functions = [
            {
                "filter": {
                    "match": {
                        "_django_content_type": self.mapping_class(
                            ContentType.objects.get_for_id(pk).model_class()
                        ).get_content_type()
                    }
                },
                "weight": factor,
            }
            for pk, factor in rank_factors(self.queryset.model).items()
        ]
        if not functions:
            return query
        return {
            "function_score": {
                "query": query,
                "functions": functions,
                "score_mode": "multiply",
                "boost_mode": "multiply",
            }
        }

    def get_sort(self):
        if not self.order_by_relevance:
            return super().get_sort()
        # Equal scores: the page published last first (other models lack the
        # field; ``unmapped_type`` makes that no error).
        return [
            "_score",
            {
                "first_published_at_filter": {
                    "order": "desc",
                    "unmapped_type": "date",
                    "missing": "_last",
                }
            },
        ]


class KoreanElasticsearch8AutocompleteQueryCompiler(
    Elasticsearch8AutocompleteQueryCompiler
):
    DEFAULT_OPERATOR = "and"


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
                "terms": {
                    "field": column,
                    "missing": 0,
                    "size": ID_FACET_BUCKETS if field_name == "id" else FACET_BUCKETS,
                }
            }
        }
        index = self.backend.get_index_for_model(self.query_compiler.queryset.model)
        response = self._backend_do_search(body, index=index.name, size=0)
        buckets = response["aggregations"][field_name]["buckets"]
        return OrderedDict(
            (bucket["key"] if bucket["key"] != 0 else None, bucket["doc_count"])
            for bucket in buckets
        )

    def content_year_counts(self) -> Counter | None:
        """Matches per content year, counted by Elasticsearch (``CONTENT_YEAR``).
        None when pages match but none has a year: an index built before the
        year was stored (``update_index`` adds it); the caller counts another way.
        """
        body = self._get_es_body()
        body["aggregations"] = {
            CONTENT_YEAR: {"terms": {"field": CONTENT_YEAR, "size": FACET_BUCKETS}}
        }
        index = self.backend.get_index_for_model(self.query_compiler.queryset.model)
        response = self._backend_do_search(body, index=index.name, size=0)
        buckets = response["aggregations"][CONTENT_YEAR]["buckets"]
        if not buckets and response["hits"]["total"]["value"]:
            return None
        return Counter({int(b["key"]): b["doc_count"] for b in buckets})


class KoreanElasticsearch8SearchBackend(Elasticsearch8SearchBackend):
    """Elasticsearch 8 with Korean analysis as the index default."""

    mapping_class = PrefetchingElasticsearch8Mapping
    results_class = KoreanElasticsearch8SearchResults
    query_compiler_class = KoreanElasticsearch8SearchQueryCompiler
    autocomplete_query_compiler_class = KoreanElasticsearch8AutocompleteQueryCompiler

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
            self.settings,
            {"settings": {"analysis": _merge(ANALYSES[analysis], SYLLABLES_ANALYZER)}},
        )

    # An update that fails (the engine is down) is recorded, then raised for
    # Wagtail to log as before; catch_up_index applies it later (search/catch_up.py).
    def add(self, obj) -> None:
        try:
            super().add(obj)
        except Exception:
            from ..catch_up import record_failed_update

            record_failed_update(obj)
            raise

    def delete(self, obj) -> None:
        try:
            super().delete(obj)
        except Exception:
            from ..catch_up import record_failed_update

            record_failed_update(obj)
            raise


SearchBackend = KoreanElasticsearch8SearchBackend
