"""``manage.py import_media_coverage FILE.csv``: bulk-import press clippings.

Nothing is written when any row is bad; the problems are reported by line (the
first 50, then counts per kind). A good file is written in short transactions;
if the command stops midway, running it again completes the import, and
importing the same file again creates nothing new.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from wagtail.models import Locale

from nkhr_pages.csv_upload import max_bytes, too_big_message
from nkhr_pages.models import MediaCoverageIndexPage
from nkhr_pages.services import ImportResult, MediaCoverageImporter


class Command(BaseCommand):
    help = "Import media coverage (date, outlet, headline, ...) from a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("csv_file", help="UTF-8 CSV with a header row")
        parser.add_argument(
            "--index",
            help="id or slug of the media coverage index page to import into "
            "(needed only when there is more than one)",
        )

    def handle(self, *args, csv_file, index=None, **options):
        index_page = self._index_page(index)
        try:
            with open(csv_file, "rb") as source:
                data = source.read(max_bytes() + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {csv_file}: {error.strerror}") from None
        if len(data) > max_bytes():
            raise CommandError(f"{csv_file}: {too_big_message(len(data))}")
        importer = MediaCoverageImporter(index_page, progress=self.stdout.write)
        rows, summary = importer.parse(data)
        if summary:
            for error in summary.shown:
                self.stderr.write(f"{csv_file}: {error}")
            if summary.hidden:
                self.stderr.write(f"{csv_file}: … and {summary.hidden} more")
            for kind, count in summary.kinds():
                self.stderr.write(f"{csv_file}: {count} × {kind}")
            raise CommandError(
                f"{summary.total} problem(s) in {csv_file}; nothing was imported."
            )
        done = ImportResult()
        try:
            result = importer.apply(rows, on_batch=lambda result: _copy(result, done))
        except Exception as error:
            raise CommandError(
                f"Stopped after {done.created} new item(s): {error}. The items "
                "imported so far are complete; run the command again to import "
                "the rest (rows already imported are skipped)."
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.created} new item(s), "
                f"skipped {result.skipped} already imported."
            )
        )

    def _index_page(self, index: str | None) -> MediaCoverageIndexPage:
        pages = MediaCoverageIndexPage.objects.all()
        if index:
            lookup = Q(slug=index)
            if index.isdigit():
                lookup |= Q(pk=int(index))
            pages = pages.filter(lookup)
        else:
            # Import into the source-language tree; translations follow from
            # the headline_<code> columns.
            pages = pages.filter(locale=Locale.get_default())
        pages = list(pages)
        if len(pages) != 1:
            found = ", ".join(f"{p.pk} ({p.url_path})" for p in pages) or "none"
            raise CommandError(
                f"Choose the media coverage index page with --index; found: {found}."
            )
        return pages[0]


def _copy(source: ImportResult, target: ImportResult) -> None:
    target.created, target.skipped = source.created, source.skipped
