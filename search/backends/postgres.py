"""PostgreSQL full-text search with Korean bigrams (see ``database.py``)."""

from typing import Any

from wagtail.search.backends.database.postgres import postgres

from .database import KoreanIndexerMixin, KoreanQueryMixin, with_indexer


class KoreanPostgresObjectIndexer(KoreanIndexerMixin, postgres.ObjectIndexer):
    pass


class KoreanPostgresIndex(postgres.PostgresIndex):
    add_items = with_indexer(
        postgres.PostgresIndex.add_items, KoreanPostgresObjectIndexer
    )


class KoreanPostgresSearchBackend(KoreanQueryMixin, postgres.PostgresSearchBackend):
    """Wagtail's PostgreSQL backend, Korean-aware, stemming English."""

    index_class = KoreanPostgresIndex

    def __init__(self, params: dict[str, Any]):
        # English stemming whatever the server's default_text_search_config is.
        super().__init__({"SEARCH_CONFIG": "english", **params})
