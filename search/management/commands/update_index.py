"""Wagtail's ``update_index`` with a progress line per chunk: count, percentage,
rate and time left, so that rebuilding a large archive shows where it is.

On PostgreSQL it then refreshes the planner's statistics of the index table:
a rebuild rewrites every entry, and until autovacuum gets to it PostgreSQL
plans searches on stale counts (five times slower in the search benchmark).
"""

from __future__ import annotations

import time

from django.db import connections, router
from wagtail.search.management.commands.update_index import Command as WagtailCommand
from wagtail.search.models import IndexEntry


class Command(WagtailCommand):
    help = "Rebuild the search index, reporting progress per chunk."

    def handle(self, **options) -> None:
        super().handle(**options)
        self.analyze_index_table()

    def analyze_index_table(self) -> None:
        """``ANALYZE`` the database backends' index table, on PostgreSQL."""
        connection = connections[router.db_for_write(IndexEntry)]
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {IndexEntry._meta.db_table}")
        self.write("Updated PostgreSQL's statistics of the search index table.")

    def queryset_chunks(self, qs, chunk_size=None):
        self._total = qs.count()
        self._done = 0
        self._started = time.monotonic()
        kwargs = {"chunk_size": chunk_size} if chunk_size else {}
        yield from super().queryset_chunks(qs, **kwargs)

    def print_iter_progress(self, iterable):
        for chunk in iterable:
            yield chunk
            self._done += len(chunk)
            elapsed = max(time.monotonic() - self._started, 1e-6)
            rate = self._done / elapsed
            left = (self._total - self._done) / rate if rate else 0
            percent = 100 * self._done // max(self._total, 1)
            self.write(
                f"\n    {self._done}/{self._total} ({percent}%), "
                f"{rate:.0f} objects/s, about {left:.0f} s left",
                ending="",
            )
            self.stdout.flush()
