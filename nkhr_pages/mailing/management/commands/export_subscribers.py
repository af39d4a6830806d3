"""Export the subscriber list as CSV (to a file, or to standard output)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...csv_io import export_csv_lines


class Command(BaseCommand):
    help = "Export every subscriber and their list statuses as CSV."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, help="File to write.")

    def handle(self, *args, output: Path | None, **options):
        if output is None:
            for line in export_csv_lines():
                self.stdout.write(line, ending="")
            return
        try:
            with output.open("w", encoding="utf-8-sig", newline="") as handle:
                for line in export_csv_lines():
                    handle.write(line)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}") from exc
        self.stderr.write(f"Wrote {output}")
