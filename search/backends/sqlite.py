"""SQLite FTS5 with Korean bigrams (see ``database.py``)."""

from wagtail.search.backends.database.sqlite import sqlite

from .database import KoreanIndexerMixin, KoreanQueryMixin, with_indexer


class KoreanSQLiteObjectIndexer(KoreanIndexerMixin, sqlite.ObjectIndexer):
    pass


class KoreanSQLiteIndex(sqlite.SQLiteIndex):
    add_items = with_indexer(sqlite.SQLiteIndex.add_items, KoreanSQLiteObjectIndexer)


class KoreanSQLiteSearchBackend(KoreanQueryMixin, sqlite.SQLiteSearchBackend):
    """Wagtail's SQLite backend, Korean-aware."""

    index_class = KoreanSQLiteIndex
