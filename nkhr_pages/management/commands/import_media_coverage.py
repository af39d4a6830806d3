"""``manage.py import_media_coverage FILE.csv``: bulk-import press clippings.

Nothing is written when any row is bad; each bad row is reported by line.
Importing the same file again creates nothing new.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from wagtail.models import Locale

from nkhr_pages.models import MediaCoverageIndexPage
from nkhr_pages.services import MediaCoverageImporter


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
                data = source.read()
        except OSError as error:
            raise CommandError(f"Cannot read {csv_file}: {error.strerror}") from None
        importer = MediaCoverageImporter(index_page, progress=self.stdout.write)
        result = importer.run(data)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(f"{csv_file}: {error}")
            raise CommandError(
                f"{len(result.errors)} problem(s) in {csv_file}; nothing was imported."
            )
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
