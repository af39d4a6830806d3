"""Reading the text of a PDF, page by page: the text layer with PDFium, and OCR
with Tesseract where the text layer is missing (scans) or unreadable (a font
without a Unicode map gives private-use or control characters).

No Django models here: ``read_pdf_text`` takes the file's bytes and returns what
it found, so ``nkhr_pages.document_text`` (which stores it) and the benchmark
share it. OCR is optional: without the ``tesseract`` binary or its Korean and
English data, pages that need it are reported, never guessed.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

logger = logging.getLogger(__name__)

OCR_LANGUAGES = ("kor", "eng")
# Page segmentation 6 (one block of text): the automatic layout analysis (3)
# drops whole lines of Hangul on a clean scan.
OCR_PAGE_SEGMENTATION = "6"
OCR_DPI = 200
OCR_MAX_PIXELS = 4000  # longest side of a rendered page (posters, maps)
OCR_TIMEOUT_SECONDS = 120
# A page with fewer letters than this in its text layer is read by OCR if it
# has anything drawn on it (a scan with a page number printed over it).
MIN_LETTERS = 10
# Share of a text layer that may be characters no text has: above it, the
# layer is garbage (a font without a Unicode map) and OCR reads the page.
MAX_SUSPECT_SHARE = 0.1
MIN_LETTER_SHARE = 0.5

STATUS_DONE = "done"
STATUS_NO_TEXT = "no_text"
STATUS_OCR_UNAVAILABLE = "ocr_unavailable"
STATUS_ENCRYPTED = "encrypted"
STATUS_BROKEN = "broken"

# PDFium is not thread-safe: one document at a time per process (the demo
# server reads uploads inline, in threads).
_PDFIUM_LOCK = threading.Lock()

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_SPACES = re.compile(r"[ \t\u00a0]+")


class OcrUnavailable(Exception):
    """Tesseract, or its Korean or English data, is not installed."""


@dataclass
class PageResult:
    number: int
    text: str
    from_ocr: bool = False


@dataclass
class PdfTextResult:
    status: str
    pages: list[PageResult] = field(default_factory=list)
    page_count: int = 0
    message: str = ""

    @property
    def ocr_page_count(self) -> int:
        return sum(1 for page in self.pages if page.from_ocr)


def clean_text(text: str) -> str:
    """Text as stored: no NUL (PostgreSQL refuses it) or control characters,
    one space between words, no runs of blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad", "")
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def is_garbage(text: str) -> bool:
    """True when a text layer is not text: too few letters, or too many
    private-use, unassigned, control or replacement characters (what PDFium
    gives for a font that has no Unicode map)."""
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return True
    suspect = sum(
        1
        for c in visible
        if c == "\ufffd" or unicodedata.category(c) in {"Co", "Cn", "Cc", "Cs"}
    )
    letters = sum(1 for c in visible if c.isalnum())
    return (
        suspect / len(visible) > MAX_SUSPECT_SHARE
        or letters / len(visible) < MIN_LETTER_SHARE
    )


def _letter_count(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


# --- OCR ---


def tesseract_command() -> str | None:
    return shutil.which("tesseract")


def _installed_languages(command: str) -> frozenset[str]:
    return _languages(command, os.environ.get("TESSDATA_PREFIX", ""))


@cache
def _languages(command: str, tessdata: str) -> frozenset[str]:
    """Tesseract's languages (asked once per binary and data folder)."""
    try:
        listed = subprocess.run(  # noqa: S603 - a fixed command, no shell
            [command, "--list-langs"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    lines = (listed.stdout + listed.stderr).splitlines()
    return frozenset(line.strip() for line in lines if " " not in line.strip())


def ocr_problem() -> str:
    """Why OCR cannot run here, or "" when it can."""
    command = tesseract_command()
    if command is None:
        return (
            "OCR is not installed: install Debian's tesseract-ocr, "
            "tesseract-ocr-kor and tesseract-ocr-eng."
        )
    missing = [
        lang for lang in OCR_LANGUAGES if lang not in _installed_languages(command)
    ]
    if missing:
        packages = ", ".join(f"tesseract-ocr-{lang}" for lang in missing)
        return f"OCR cannot read {'+'.join(missing)}: install {packages}."
    return ""


def ocr_image(image) -> str:
    """The text Tesseract reads on a PIL image, Korean and English."""
    problem = ocr_problem()
    if problem:
        raise OcrUnavailable(problem)
    with tempfile.TemporaryDirectory(prefix="nkhr-ocr-") as folder:
        path = os.path.join(folder, "page.png")
        image.save(path)
        result = subprocess.run(  # noqa: S603 - a fixed command, no shell
            [
                tesseract_command() or "tesseract",
                path,
                "stdout",
                "-l",
                "+".join(OCR_LANGUAGES),
                "--psm",
                OCR_PAGE_SEGMENTATION,
            ],
            capture_output=True,
            text=True,
            timeout=OCR_TIMEOUT_SECONDS,
            check=False,
            # One thread: the worker reads one page at a time beside the site.
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    if result.returncode != 0:
        raise RuntimeError(f"tesseract failed: {result.stderr.strip()[:300]}")
    return result.stdout


def _render(page) -> object:
    width, height = page.get_size()
    scale = min(OCR_DPI / 72, OCR_MAX_PIXELS / max(width, height, 1))
    return page.render(scale=scale, grayscale=True).to_pil()


# --- The PDF ---


def open_pdf(data: bytes) -> tuple[pdfium.PdfDocument | None, PdfTextResult | None]:
    """The open document, or the result that says why it cannot be read."""
    if not data.lstrip()[:5].startswith(b"%PDF"):
        return None, PdfTextResult(STATUS_BROKEN, message="The file is not a PDF.")
    try:
        return pdfium.PdfDocument(data), None
    except pdfium.PdfiumError as exc:
        if exc.err_code in {pdfium_raw.FPDF_ERR_PASSWORD, pdfium_raw.FPDF_ERR_SECURITY}:
            return None, PdfTextResult(
                STATUS_ENCRYPTED,
                message="The PDF needs a password to open. Upload it without one.",
            )
        return None, PdfTextResult(
            STATUS_BROKEN, message=f"The PDF cannot be read: {exc}"
        )


def read_pdf_text(data: bytes, ocr: bool = True) -> PdfTextResult:
    """Every page's text: the text layer, or OCR where that is missing or garbage.

    ``ocr=False`` reads text layers only (pages that need OCR are counted as
    such in the message, as when Tesseract is missing)."""
    with _PDFIUM_LOCK:
        return _read_pdf_text(data, ocr)


def _read_pdf_text(data: bytes, ocr: bool) -> PdfTextResult:
    pdf, failure = open_pdf(data)
    if failure is not None:
        return failure
    pages: list[PageResult] = []
    unread: list[int] = []
    ocr_error = "" if ocr else "OCR was not asked for."
    try:
        page_count = len(pdf)
        for index in range(page_count):
            number = index + 1
            page = pdf[index]
            try:
                text = clean_text(page.get_textpage().get_text_range())
                if _letter_count(text) >= MIN_LETTERS and not is_garbage(text):
                    pages.append(PageResult(number, text))
                    continue
                if not _has_content(page):
                    continue  # a blank page: nothing to read
                if ocr_error:
                    unread.append(number)
                    continue
                try:
                    recognised = clean_text(ocr_image(_render(page)))
                except OcrUnavailable as exc:
                    ocr_error = str(exc)
                    unread.append(number)
                    continue
                if recognised:
                    pages.append(PageResult(number, recognised, from_ocr=True))
            finally:
                page.close()
    finally:
        pdf.close()
    if unread:
        message = f"{ocr_error} Pages not read: {_page_list(unread)}."
        return PdfTextResult(STATUS_OCR_UNAVAILABLE, pages, page_count, message)
    if not pages:
        return PdfTextResult(
            STATUS_NO_TEXT,
            page_count=page_count,
            message="No page has text that could be read.",
        )
    return PdfTextResult(STATUS_DONE, pages, page_count)


def _has_content(page) -> bool:
    return any(True for _obj in page.get_objects(max_depth=1))


def _page_list(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:20])
    return shown + (f" and {len(numbers) - 20} more" if len(numbers) > 20 else "")
