"""Read the text of PDF documents for search: those never read (uploaded before
this existed), still waiting, or not read for want of OCR or by an error.

Run once after deploying, and again after installing Tesseract (OCR) to read the
scans it could not read before. ``--all`` reads every PDF again; ``--queue``
hands the documents to ``db_worker`` instead of reading them here.
"""

from collections import Counter

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from nkhr_pages.document_text import extract_document_text
from nkhr_pages.models.documents import DocumentTextStatus
from nkhr_pages.pdf_text import ocr_problem
from nkhr_pages.tasks import extract_document_text_task

TO_READ_AGAIN = [
    DocumentTextStatus.PENDING,
    DocumentTextStatus.OCR_UNAVAILABLE,
    DocumentTextStatus.FAILED,
]


class Command(BaseCommand):
    help = "Read the text of PDF documents so that search finds what is in them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Read every PDF again, even unchanged."
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the documents for db_worker instead of reading them here.",
        )

    def handle(self, *args, **options):
        documents = get_document_model().objects.filter(file__iendswith=".pdf")
        if not options["all"]:
            documents = documents.filter(
                Q(text_extraction__isnull=True)
                | Q(text_extraction__status__in=TO_READ_AGAIN)
            )
        problem = ocr_problem()
        if problem:
            self.stderr.write(_("Scanned pages will not be read. %s") % problem)
        counts: Counter[str] = Counter()
        for pk in documents.order_by("pk").values_list("pk", flat=True):
            if options["queue"]:
                extract_document_text_task.enqueue(pk, force=options["all"])
                counts["queued"] += 1
            else:
                counts[str(extract_document_text(pk, force=options["all"]))] += 1
        if not counts:
            self.stdout.write(_("No document to read."))
        for status, count in sorted(counts.items()):
            self.stdout.write(f"{status}: {count}")
