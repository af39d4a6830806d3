"""SQLite FTS5 with Korean bigrams (see ``database.py``), ranked in one pass.

Wagtail's SQLite compiler orders by relevance with a correlated subquery that
re-runs the FTS match and BM25 for every candidate row: at 10,000 publications a
query took about 30 seconds. Here the match runs once: one query for the BM25
score of every matching entry, one for the ids the page queryset allows, the
ordering in Python, and one query for the objects of the requested slice.
"""

from __future__ import annotations

from typing import Any

from django.db.models import FloatField, Func
from wagtail.search.backends.database.sqlite import sqlite
from wagtail.search.query import MatchAll, Not

from .database import KoreanIndexerMixin, KoreanQueryMixin, with_indexer


class KoreanSQLiteObjectIndexer(KoreanIndexerMixin, sqlite.ObjectIndexer):
    pass


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


# FTS5 columns in order (autocomplete, body, title); titles count like Wagtail's
# title boost on Elasticsearch.
COLUMN_WEIGHTS = (1.0, 1.0, 2.0)


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

    def ranked_ids(self, config) -> list[Any]:
        """Every matching pk, best first (or in the queryset's order)."""
        cached = getattr(self, "_ranked_ids", None)
        if cached is not None:
            return cached
        # The FTS match must drive the query: with a condition on the entries'
        # content type in the same query, SQLite scans the entries and re-runs
        # the match for each. So filter content types (and the queryset) here.
        wanted = set(self._content_types())
        scores: dict[str, float] = {}
        for object_id, content_type, score in self._index_query(
            self._simple_query(), config, content_types=False
        ).values_list(
            "index_entry__object_id", "index_entry__content_type_id", "score"
        ):
            if content_type in wanted:
                # BM25 in SQLite is negative: smaller is better (Wagtail's order).
                scores[object_id] = min(score, scores.get(object_id, score))
        allowed = self.queryset
        if self.order_by_relevance:
            allowed = allowed.order_by()
        elif not allowed.query.order_by:
            allowed = allowed.order_by("-pk")
        pks = [pk for pk in allowed.values_list("pk", flat=True) if str(pk) in scores]
        if self.order_by_relevance:
            pks.sort(key=lambda pk: (scores[str(pk)], -pk))
        self._ranked_ids = pks
        return pks

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
