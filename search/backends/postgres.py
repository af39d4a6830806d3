"""PostgreSQL full-text search with Korean bigrams (see ``database.py``).

Relevance order, in two steps. Wagtail's compiler joins every matching index
entry to its page rows (StreamField bodies and all), ranks them all and sorts
them to keep ten: a broad query (40,000 matches in a 100,000-document archive)
took half a second. Here the ranking runs on the index entries alone, checking
that each one belongs to the searched queryset through its primary key, and only
the requested slice of objects is then fetched. Where the RUM extension's index
on ``title || body`` exists (migration 0003 of this app creates it when the
server has ``postgresql-NN-rum``), entries are ranked by RUM's distance ``<=>``,
which PostgreSQL reads in order from that index; otherwise by Wagtail's own
rank expression.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.models import Exists, F, FloatField, Func, OuterRef
from django.db.models.functions import Cast
from wagtail.search.backends.database.postgres import postgres
from wagtail.search.models import IndexEntry
from wagtail.search.query import Fuzzy, MatchAll, Not
from wagtail.search.utils import get_descendants_content_types_pks

from .database import (
    KoreanIndexerMixin,
    KoreanQueryMixin,
    rank_factors,
    with_indexer,
)

# With page types whose relevance is scaled (``search_rank_factor``), the best
# entries up to this rank are re-ordered by their scaled score (RUM hands them
# over in the unscaled order); past it, the order is the index's.
RERANK_WINDOW = 100

# Created by migrations/0003_postgres_rum_index.py; the expression must stay the
# one Wagtail matches on, or PostgreSQL cannot use the index to order by it.
RUM_INDEX = "nkhr_search_indexentry_title_body_rum"


class KoreanPostgresObjectIndexer(KoreanIndexerMixin, postgres.ObjectIndexer):
    pass


class KoreanPostgresIndex(postgres.PostgresIndex):
    add_items = with_indexer(
        postgres.PostgresIndex.add_items, KoreanPostgresObjectIndexer
    )


class RankDistance(Func):
    """``vector <=> query``: RUM's distance, the inverse of its rank (lower first)."""

    arg_joiner = " <=> "
    template = "(%(expressions)s)"
    output_field = FloatField()


def rum_index_exists(alias: str) -> bool:
    """Whether the RUM index is on this database (asked once per connection)."""
    connection = connections[alias]
    cached = getattr(connection, "_nkhr_rum_index", None)
    if cached is None or cached[0] != id(connection.connection):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [RUM_INDEX])
            exists = cursor.fetchone() is not None
        cached = (id(connection.connection), exists)
        connection._nkhr_rum_index = cached
    return cached[1]


class EntryRankingQueryCompiler(postgres.PostgresSearchQueryCompiler):
    """Ranks index entries, not joined page rows (see the module docstring)."""

    def ranks_entries(self) -> bool:
        return (
            self.order_by_relevance
            and self.fields is None  # searching given fields: Wagtail's path
            and not isinstance(self.query, MatchAll | Fuzzy | Not)
        )

    def ranked_keys(self, config, start: int, stop: int | None) -> list[tuple]:
        """``(primary key, score)`` of the matching objects, best first."""
        model = self.queryset.model
        search_query = self.build_tsquery(self.query, config=config)
        vector = F("title")._combine(F("body"), "||", False)
        entries = (
            IndexEntry._default_manager.using(self.queryset.db)
            .filter(content_type_id__in=get_descendants_content_types_pks(model))
            .annotate(_vector_=vector)
            .filter(_vector_=search_query)
            # object_id is text; as the model's own key type, it is looked up
            # by the primary key index of the searched queryset.
            .annotate(_object_pk=Cast("object_id", model._meta.pk))
            .filter(Exists(self.queryset.filter(pk=OuterRef("_object_pk"))))
        )
        if rum_index_exists(self.queryset.db):
            distance = RankDistance(vector, search_query)
            # No tie-breaker: PostgreSQL only reads the order from the index
            # when it is the whole ORDER BY (ties come in index order).
            entries = entries.annotate(_score=1 / distance).order_by(distance.asc())
        else:
            rank = self._build_rank_expression(
                [(F("title"), F("title_norm")), (F("body"), 1.0)], config
            )
            entries = entries.annotate(_score=rank).order_by(rank.desc(), "-_object_pk")
        factors = rank_factors(model)
        if not factors or start >= RERANK_WINDOW:
            return list(entries.values_list("_object_pk", "_score")[start:stop])
        end = None if stop is None else max(stop, RERANK_WINDOW)
        rows = entries.values_list("_object_pk", "_score", "content_type_id")[:end]
        scaled = [
            (pk, score * factors.get(content_type, 1.0))
            for pk, score, content_type in rows
        ]
        scaled.sort(key=lambda row: -row[1])  # stable: ties keep their order
        return scaled[start:stop]


class EntryRankingSearchResults(postgres.PostgresSearchResults):
    def matching_queryset(self):
        """Every match, as a queryset the caller can aggregate in SQL (the
        search page's year facet)."""
        compiler = self.query_compiler
        config = compiler.get_config(self.backend)
        return compiler.search(config, None, None, backend=self.backend)

    def _do_search(self):
        compiler = self.query_compiler
        if not (
            isinstance(compiler, EntryRankingQueryCompiler) and compiler.ranks_entries()
        ):  # autocomplete, date order, field searches: Wagtail's path
            return super()._do_search()
        ranked = compiler.ranked_keys(
            compiler.get_config(self.backend), self.start, self.stop
        )
        objects = {
            obj.pk: obj
            for obj in compiler.queryset.filter(pk__in=[pk for pk, _score in ranked])
        }
        results = []
        for pk, score in ranked:
            obj = objects.get(pk)
            if obj is None:
                continue  # unpublished or deleted between the two queries
            if self._score_field:
                setattr(obj, self._score_field, score)
            results.append(obj)
        return results


class KoreanPostgresSearchBackend(KoreanQueryMixin, postgres.PostgresSearchBackend):
    """Wagtail's PostgreSQL backend, Korean-aware, stemming English."""

    index_class = KoreanPostgresIndex
    query_compiler_class = EntryRankingQueryCompiler
    results_class = EntryRankingSearchResults

    def __init__(self, params: dict[str, Any]):
        # English stemming whatever the server's default_text_search_config is.
        super().__init__({"SEARCH_CONFIG": "english", **params})
