"""``catch_up_index``: index again what failed to reach it (search/catch_up.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from search.catch_up import catch_up_index


class Command(BaseCommand):
    help = (
        "Index again the pages and documents whose index update failed while "
        "the search engine was down. Run it every few minutes (a timer)."
    )

    def handle(self, **options) -> None:
        result = catch_up_index()
        self.stdout.write(
            f"{result.indexed} indexed, {result.removed} removed, {result.left} left"
        )
        if result.left:
            raise CommandError(
                f"The search engine still fails: {result.left} updates wait for "
                "the next run."
            )
