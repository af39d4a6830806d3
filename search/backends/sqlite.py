"""SQLite FTS5 with Korean bigrams (see ``database.py``), ranked in one pass.

Wagtail's SQLite compiler orders by relevance with a correlated subquery that
re-runs the FTS match and BM25 for every candidate row: at 10,000 publications a
query took about 30 seconds. Here the match runs once: one query for the BM25
score of every matching entry, one for the ids the page queryset allows, the
ordering in Python, and one query for the objects of the requested slice.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.db.models import FloatField, Func
from wagtail.search.backends.database.sqlite import sqlite
from wagtail.search.index import SearchField
from wagtail.search.query import MatchAll, Not, Phrase, PlainText

from .database import (
    KoreanIndexerMixin,
    KoreanQueryMixin,
    rank_factors,
    with_indexer,
)


class KoreanSQLiteObjectIndexer(KoreanIndexerMixin, sqlite.ObjectIndexer):
    """FTS5 has one weight per column, and Wagtail's columns are title and body:
    boosted fields (summaries, introductions) go with the title, so that a
    match there outranks one in the body or a document, as their boost says
    (PostgreSQL weighs them with tsvector weights, Elasticsearch with boosts)."""

    def _texts(self, in_title: bool) -> str:
        texts = []
        for search_field in self.search_fields:
            for current, value in self.prepare_field(self.obj, search_field):
                if not isinstance(current, SearchField):
                    continue
                weighty = current.field_name == "title" or (current.boost or 1) > 1
                if weighty == in_title:
                    texts.append(value)
        return " ".join(texts)

    @cached_property
    def title(self) -> str:
        return self._texts(in_title=True)

    @cached_property
    def body(self) -> str:
        return self._texts(in_title=False)


class KoreanSQLiteIndex(sqlite.SQLiteIndex):
    add_items = with_indexer(sqlite.SQLiteIndex.add_items, KoreanSQLiteObjectIndexer)


class WeightedBM25(Func):
    """FTS5's bm25() with a weight per column (autocomplete, body, title).

    Wagtail computes one unweighted bm25() and scales it by title length, so a
    short title outranked a title that contains the query.
    """

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        table = sqlite.SQLiteFTSIndexEntry._meta.db_table
        weights = ", ".join(str(w) for w in COLUMN_WEIGHTS)
        return f"bm25({table}, {weights})", []


# FTS5 columns in order (autocomplete, body, title); the title column (titles and
# boosted fields: see KoreanSQLiteObjectIndexer) counts like Wagtail's title boost.
COLUMN_WEIGHTS = (1.0, 1.0, 2.0)
# An entry holding the query's words together, as a phrase, scores this much more
# than one where they are scattered.
PHRASE_FACTOR = 2.0
# An entry whose title holds the query (see _name_matches) is the page about it.
NAME_FACTOR = 4.0


def _rounded(score: float) -> float:
    """Scores equal to four significant digits are equal: the date decides."""
    return float(f"{score:.4g}")


def _timestamp(value) -> float:
    return value.timestamp() if value else 0.0


class OnePassRankingMixin:
    """Relevance ranking without a per-row subquery (see the module docstring)."""

    def _build_rank_expression(self, vectors, config):
        return WeightedBM25()

    def _simple_query(self):
        query = sqlite.normalize(self.query)
        if isinstance(query, MatchAll | Not):
            return None  # rare shapes: Wagtail's own code path
        return query

    def _index_query(self, query, config, content_types: bool = True):
        search_query = self.build_search_query(query, config=config)
        match = sqlite.MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, search_query
        )
        rank = self._build_rank_expression(self.get_search_vectors(), config)
        entries = sqlite.SQLiteFTSIndexEntry.objects.filter(match)
        if content_types:
            entries = entries.filter(
                index_entry__content_type__in=self._content_types()
            )
        return entries.annotate(score=rank)

    def _content_types(self) -> list[int]:
        return sqlite.get_descendants_content_types_pks(self.queryset.model)

    def _name_matches(self, config) -> set[str]:
        """Ids of the entries whose name (title and other autocomplete fields)
        holds every word of the query: the page *about* the query.

        The title column also holds the boosted fields (summaries), where
        pages that only mention the words repeat them; this tells the page
        called "Repatriation" from them.
        """
        query = self._simple_query()
        if not isinstance(query, PlainText):
            return set()
        search_query = self.build_search_query(query, config=config)
        match = sqlite.MatchExpression(["autocomplete"], search_query)
        return set(
            sqlite.SQLiteFTSIndexEntry.objects.filter(match)
            .values_list("index_entry__object_id", flat=True)
            .distinct()
        )

    def _phrase_matches(self, config) -> set[str]:
        """Ids of the entries holding the query's words as one phrase."""
        query = self._simple_query()
        terms = query.query_string.split() if isinstance(query, PlainText) else []
        if len(terms) < 2:
            return set()
        return set(
            self._index_query(Phrase(" ".join(terms)), config, content_types=False)
            .values_list("index_entry__object_id", flat=True)
            .distinct()
        )

    def ranked_ids(self, config) -> list[Any]:
        """Every matching pk, best first (or in the queryset's order).

        Best first: BM25 with the column weights, doubled for the entries
        that hold the words as a phrase; among equal scores, the page
        published last comes first.
        """
        cached = getattr(self, "_ranked_ids", None)
        if cached is not None:
            return cached
        # The FTS match must drive the query: with a condition on the entries'
        # content type in the same query, SQLite scans the entries and re-runs
        # the match for each. So filter content types (and the queryset) here.
        wanted = set(self._content_types())
        factors = rank_factors(self.queryset.model)
        scores: dict[str, float] = {}
        for object_id, content_type, score in self._index_query(
            self._simple_query(), config, content_types=False
        ).values_list(
            "index_entry__object_id", "index_entry__content_type_id", "score"
        ):
            if content_type in wanted:
                # BM25 in SQLite is negative: smaller is better (Wagtail's order);
                # a factor below 1 brings it nearer 0, lower.
                score *= factors.get(content_type, 1.0)
                scores[object_id] = min(score, scores.get(object_id, score))
        allowed = self.queryset
        if self.order_by_relevance:
            for object_id in self._phrase_matches(config) & scores.keys():
                scores[object_id] *= PHRASE_FACTOR
            for object_id in self._name_matches(config) & scores.keys():
                scores[object_id] *= NAME_FACTOR
            allowed = allowed.order_by()
            # Newest first among equals where the model has a publication date
            # (pages); images, documents and snippets are searched in the admin.
            model = allowed.model
            if any(f.name == "first_published_at" for f in model._meta.get_fields()):
                rows = allowed.values_list("pk", "first_published_at")
            else:
                rows = ((pk, None) for pk in allowed.values_list("pk", flat=True))
            keyed = [
                (_rounded(scores[str(pk)]), -_timestamp(published), -pk)
                for pk, published in rows
                if str(pk) in scores
            ]
            keyed.sort()
            self._ranked_ids = [-key[2] for key in keyed]
            return self._ranked_ids
        if not allowed.query.order_by:
            allowed = allowed.order_by("-pk")
        self._ranked_ids = [
            pk for pk in allowed.values_list("pk", flat=True) if str(pk) in scores
        ]
        return self._ranked_ids

    def search(self, config, start, stop, score_field=None):
        if self._simple_query() is None or score_field is not None:
            return super().search(config, start, stop, score_field=score_field)
        # Callers that need a queryset (facets) get the allowed matches, unordered.
        index_query = self._index_query(self._simple_query(), config)
        object_ids = index_query.values_list("index_entry__object_id", flat=True)
        return self.queryset.filter(pk__in=object_ids).order_by()[start:stop]


class KoreanSQLiteSearchQueryCompiler(
    OnePassRankingMixin, sqlite.SQLiteSearchQueryCompiler
):
    pass


class KoreanSQLiteAutocompleteQueryCompiler(
    OnePassRankingMixin, sqlite.SQLiteAutocompleteQueryCompiler
):
    pass


class KoreanSQLiteSearchResults(sqlite.SQLiteSearchResults):
    def matching_queryset(self):
        """Every match, as a queryset the caller can aggregate in SQL (the
        search page's year facet), unordered."""
        compiler = self.query_compiler
        return compiler.search(compiler.get_config(self.backend), None, None)

    def _ranked(self):
        compiler = self.query_compiler
        if compiler._simple_query() is None or self._score_field:
            return None
        return compiler.ranked_ids(compiler.get_config(self.backend))

    def _do_search(self):
        pks = self._ranked()
        if pks is None:
            return super()._do_search()
        page = pks[self.start : self.stop]
        objects = self.query_compiler.queryset.in_bulk(page)
        return [objects[pk] for pk in page if pk in objects]

    def _do_count(self):
        pks = self._ranked()
        if pks is None:
            return super()._do_count()
        stop = len(pks) if self.stop is None else min(self.stop, len(pks))
        return max(stop - self.start, 0)


class KoreanSQLiteSearchBackend(KoreanQueryMixin, sqlite.SQLiteSearchBackend):
    """Wagtail's SQLite backend, Korean-aware, ranking in one pass."""

    index_class = KoreanSQLiteIndex
    query_compiler_class = KoreanSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = KoreanSQLiteAutocompleteQueryCompiler
    results_class = KoreanSQLiteSearchResults
