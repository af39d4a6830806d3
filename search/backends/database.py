"""Wagtail's database search backend (SQLite FTS5 or PostgreSQL), with Korean.

Index text and queries go through ``search.korean``: Hangul becomes bigrams on both
sides, so 인권 matches 인권을 and 인권침해 although neither engine knows Korean.
English is left to the engine: PostgreSQL's ``english`` configuration, and on SQLite
the FTS5 ``porter`` tokenizer that migration 0001 of this app switches on.

Like Wagtail's, the engine-specific classes (``sqlite.py``, ``postgres.py``) are
imported only for the engine in use: each needs its own models to exist.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.search.backends.database.fallback import DatabaseSearchBackend
from wagtail.search.utils import get_descendants_content_types_pks

from .. import korean


def with_indexer(function: types.FunctionType, indexer: type) -> types.FunctionType:
    """``function`` (an ``add_items``) looking up ``ObjectIndexer`` as ``indexer``.

    Wagtail's ``add_items`` builds its indexer from a module global; rebinding that
    one name gives us Korean index text without copying the method or patching the
    library for every other user of it.
    """
    namespace = {**function.__globals__, "ObjectIndexer": indexer}
    return types.FunctionType(
        function.__code__,
        namespace,
        function.__name__,
        function.__defaults__,
        function.__closure__,
    )


def rank_factors(model: type) -> dict[int, float]:
    """``{content type id: factor}`` of the searchable models (``model`` and its
    subclasses) whose relevance is scaled: ``search_rank_factor`` on the class
    (see ``nkhr_pages.models.base.SiteSearchMixin``), when it is not 1."""
    factors = {}
    for pk in get_descendants_content_types_pks(model):
        model_class = ContentType.objects.get_for_id(pk).model_class()
        factor = getattr(model_class, "search_rank_factor", 1.0)
        if factor != 1.0:
            factors[pk] = factor
    return factors


class KoreanIndexerMixin:
    """An ``ObjectIndexer`` whose text is segmented for Korean."""

    def prepare_value(self, value: Any) -> str:
        return korean.segment_for_index(super().prepare_value(value))

    def prepare_field(self, obj: Any, field: Any) -> Iterator[tuple]:
        """Each field of each object read and segmented once per indexer.

        Wagtail's indexer reads every field for the title column, again for the
        body and for the autocomplete one: a document's text (tens of
        thousands of characters) was read and segmented three times a page."""
        prepared = self.__dict__.setdefault("_nkhr_prepared", {})
        key = (id(obj), id(field))
        if key not in prepared:
            # The object is kept with its values, so its id is not reused.
            prepared[key] = (obj, list(super().prepare_field(obj, field)))
        return iter(prepared[key][1])


class KoreanQueryMixin:
    """Search and autocomplete with the query segmented like the index."""

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if isinstance(query, str):
            # Autocomplete matches its last word as a prefix: keep the syllable
            # being typed (UN인 -> un 인*), which a search would drop.
            typing = query_compiler_class is self.autocomplete_query_compiler_class
            query = korean.segment_query(query, trailing_prefix=typing)
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


class KoreanFallbackSearchBackend(KoreanQueryMixin, DatabaseSearchBackend):
    """Plain LIKE matching (SQLite without FTS5, other databases)."""


def SearchBackend(params: dict[str, Any]):
    """The Korean-aware backend for the ``default`` database's engine."""
    if connection.vendor == "postgresql":
        from .postgres import KoreanPostgresSearchBackend

        return KoreanPostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from wagtail.search.backends.database.sqlite.utils import (
            fts5_available,
            fts_table_exists,
        )

        if fts5_available() and fts_table_exists():
            from .sqlite import KoreanSQLiteSearchBackend

            return KoreanSQLiteSearchBackend(params)
    return KoreanFallbackSearchBackend(params)
