"""Real PDFs made for the tests: text layers in English and Korean, scans (an
image of text, no text layer), a text layer without a Unicode map, encrypted
and truncated files."""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

KOREAN_FONT = "HYSMyeongJo-Medium"  # reportlab's CID font (Adobe-Korea1)
SCAN_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SCAN_FONT_INDEX = 1  # Noto Sans CJK KR in the collection


def require_ocr() -> None:
    """Skip (fail under CI=true) unless Tesseract and the scans' font are here."""
    import os

    from nkhr_pages.pdf_text import ocr_problem
    from tests.services import service_missing

    if ocr_problem():
        service_missing(ocr_problem())
    if not os.path.exists(SCAN_FONT):
        service_missing(f"{SCAN_FONT} is missing: install fonts-noto-cjk.")


@cache
def _fonts() -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(KOREAN_FONT))
    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))


def text_pdf(pages: list[list[str]], font: str = "Helvetica") -> bytes:
    """A PDF with a text layer: one list of lines per page."""
    _fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for lines in pages:
        pdf.setFont(font, 12)
        for row, line in enumerate(lines):
            pdf.drawString(72, 770 - 18 * row, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def korean_pdf(pages: list[list[str]]) -> bytes:
    return text_pdf(pages, font=KOREAN_FONT)


def scan_image(lines: list[str]) -> Image.Image:
    """An A4 page at 150 dpi with ``lines`` drawn on it, as a scanner makes it."""
    font = ImageFont.truetype(SCAN_FONT, 30, index=SCAN_FONT_INDEX)
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        draw.text((120, 150 + 60 * row), line, font=font, fill=0)
    return image


def scanned_pdf(pages: list[list[str]]) -> bytes:
    """Pages that are only an image of text: no text layer at all."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for lines in pages:
        pdf.drawImage(ImageReader(scan_image(lines)), 0, 0, *A4)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# Maps every character code to the private use area: what a font without a
# usable Unicode map gives text extraction.
_PRIVATE_USE_CMAP = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /NKHR-Garbage def
/CMapType 2 def
1 begincodespacerange
<00> <FF>
endcodespacerange
1 beginbfrange
<00> <FF> <E000>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


def garbage_text_layer_pdf(pages: list[list[str]]) -> bytes:
    """Text drawn with an embedded font whose Unicode map is wrong: it looks
    right on screen, and extraction gives private-use characters."""
    reader = PdfReader(io.BytesIO(text_pdf(pages, font="Vera")))
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/ToUnicode" in font:
                cmap = DecodedStreamObject()
                cmap.set_data(_PRIVATE_USE_CMAP)
                font[NameObject("/ToUnicode")] = writer._add_object(cmap)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf(pages: list[list[str]]) -> bytes:
    """Needs a password to open (a user password, AES-256)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(pages))))
    writer.encrypt("secret", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def truncated_pdf(pages: list[list[str]]) -> bytes:
    """A PDF cut off half way, as an interrupted upload leaves it."""
    data = text_pdf(pages)
    return data[: len(data) // 2]
