"""Write the annual receipts of one year: a PDF per donor and the filing CSV."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from nkhr_donations import receipts


class Command(BaseCommand):
    help = "Write annual donation receipts (PDF per donor) and the tax-filing CSV."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=int,
            default=timezone.localdate().year - 1,
            help="Calendar year (Korea time); default: last year.",
        )
        parser.add_argument("--out", required=True, help="Directory to write into.")

    def handle(self, *args, year, out, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(f"--year {year} is not a plausible year.")
        folder = Path(out)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"Cannot create {folder}: {exc}") from exc
        found = receipts.annual_receipts(year)
        organisation = receipts.default_organisation()
        for number, receipt in enumerate(found, start=1):
            path = folder / f"receipt-{year}-{number:04d}.pdf"
            path.write_bytes(receipts.annual_receipt_pdf(receipt, organisation))
        (folder / f"receipts-{year}.csv").write_text(
            receipts.annual_receipts_csv(year), encoding="utf-8"
        )
        self.stdout.write(f"{len(found)} receipts for {year} written to {folder}")
