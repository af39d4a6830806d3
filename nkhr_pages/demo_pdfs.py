"""PDFs for the demo's publications, generated when the demo is loaded.

Each publication gets a short PDF in its page's language, made from its own
title, date, authors and summary, so that downloads, the document privacy rules
and the search inside PDFs have something real to work on. The organisation's
original files replace them through the admin. Idempotent: a page that has a
document keeps it.
"""

from __future__ import annotations

import io
from functools import cache
from typing import TextIO

from django.core.files.base import ContentFile
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from wagtail.documents import get_document_model
from wagtail.models import Locale

from .dates import format_partial_date
from .models import PublicationPage

# reportlab's built-in CID fonts: no font file to install, and their text layer
# maps back to Unicode, so the site's PDF reader finds the words.
FONTS = {"ko": "HYSMyeongJo-Medium", "en": "Helvetica"}
MARGIN = 72
WIDTH = A4[0] - 2 * MARGIN


@cache
def _register_fonts() -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(FONTS["ko"]))


def publication_pdf(page: PublicationPage) -> bytes:
    """A one-page PDF of ``page``'s title, date, authors and summary."""
    _register_fonts()
    language = page.locale.language_code
    font = FONTS.get(language, FONTS["en"])
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(page.title)
    pdf.setAuthor(page.authors)
    y = A4[1] - MARGIN
    with translation.override(language):
        blocks = [
            (page.title, 16, 22),
            (format_partial_date(page.publication_date, page.date_precision), 11, 16),
            (page.authors, 11, 16),
            ("", 11, 10),
            (page.summary, 11, 17),
            ("", 11, 10),
            (
                _(
                    "Demonstration copy made from this publication's summary; "
                    "the organisation's own PDF replaces it."
                ),
                9,
                13,
            ),
        ]
    for text, size, leading in blocks:
        for line in simpleSplit(text, font, size, WIDTH) or [""]:
            pdf.setFont(font, size)
            pdf.drawString(MARGIN, y, line)
            y -= leading
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def attach_publication_pdfs(out: TextIO | None = None) -> int:
    """Give every live publication without a PDF its generated PDF; returns how
    many were made."""
    Document = get_document_model()
    made = 0
    for locale in Locale.objects.all():
        pages = PublicationPage.objects.live().filter(
            locale=locale, document__isnull=True
        )
        for page in pages:
            document = Document(title=page.title)
            document.file.save(
                f"{page.slug}-{locale.language_code}.pdf",
                ContentFile(publication_pdf(page)),
                save=False,
            )
            document.save()
            page.document = document
            page.save_revision().publish()
            made += 1
    if made and out:
        out.write(f"  generated {made} publication PDFs\n")
    return made
