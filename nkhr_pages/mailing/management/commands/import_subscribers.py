"""Import existing subscribers from a CSV file (all or nothing, idempotent)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from nkhr_pages.csv_upload import max_bytes, too_big_message

from ...csv_io import ImportFailed, import_subscribers


class Command(BaseCommand):
    help = (
        "Import subscribers who already opted in, from CSV with the columns "
        "email, lists and optionally name, language, organisation. A file with "
        "any bad row imports nothing; importing a file twice changes nothing. "
        "Limits: NKHR_CSV_IMPORT_MAX_BYTES, NKHR_MAILING_IMPORT_MAX_ROWS."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            size = path.stat().st_size
            if size > max_bytes():
                raise CommandError(f"{path}: {too_big_message(size)}")
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        try:
            result = import_subscribers(data)
        except ImportFailed as exc:
            summary = exc.summary
            for error in summary.shown:
                self.stderr.write(f"{path}: {error}")
            if summary.hidden:
                self.stderr.write(f"{path}: … and {summary.hidden} more")
            for kind, count in summary.kinds():
                self.stderr.write(f"{path}: {count} × {kind}")
            raise CommandError(
                f"{summary.total} problem(s) in {path}: nothing was imported."
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.rows} rows: {result.subscribers_created} new subscribers, "
                f"{result.subscriptions_added} subscriptions added, "
                f"{result.unchanged} unchanged."
            )
        )
        if result.kept_unsubscribed:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(result.kept_unsubscribed)} had unsubscribed and were left "
                    f"unsubscribed: {', '.join(result.kept_unsubscribed[:20])}"
                )
            )
