"""Delete receipt ledger entries past the five years the law asks to keep them."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from nkhr_donations.ledger_purge import purge_ledger, retention_cutoff


class Command(BaseCommand):
    help = (
        "Delete statutory receipt ledger entries issued before a date; refuses "
        "any date that would delete an entry younger than five years."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--issued-before", required=True, help="YYYY-MM-DD (Korea time)."
        )

    def handle(self, *args, issued_before, **options):
        try:
            cutoff = date.fromisoformat(issued_before)
        except ValueError as exc:
            raise CommandError(
                f"--issued-before {issued_before!r} is not a date."
            ) from exc
        try:
            deleted = purge_ledger(cutoff)
        except ValueError as exc:
            raise CommandError(f"{exc} Nothing was deleted.") from exc
        self.stdout.write(
            f"Deleted {deleted} ledger entries issued before {cutoff.isoformat()} "
            f"(kept everything after {retention_cutoff().isoformat()})."
        )
