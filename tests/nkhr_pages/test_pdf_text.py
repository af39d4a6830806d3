"""Reading PDFs' text page by page: the text layer, OCR where it is missing or
garbage, and clear results for files that cannot be read. Real PDFs, the real
Tesseract (Debian's tesseract-ocr with its Korean and English data)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from nkhr_pages import pdf_text
from tests import pdfs
from tests.services import service_missing


@pytest.fixture
def tesseract():
    pdfs.require_ocr()


@pytest.fixture
def without_tesseract(monkeypatch, tmp_path):
    """A PATH on which there is no tesseract, as on a server without it."""
    monkeypatch.setenv("PATH", str(tmp_path))


def test_text_layers_in_english_and_korean_page_by_page():
    result = pdf_text.read_pdf_text(
        pdfs.text_pdf([["Political prison camps"], [], ["Forced labour"]])
    )
    assert result.status == "done"
    assert result.page_count == 3
    # The blank second page has nothing to read, and no OCR is tried on it.
    assert [(p.number, p.text, p.from_ocr) for p in result.pages] == [
        (1, "Political prison camps", False),
        (3, "Forced labour", False),
    ]
    korean = pdf_text.read_pdf_text(pdfs.korean_pdf([["강제송환 피해자 증언집"]]))
    assert [p.text for p in korean.pages] == ["강제송환 피해자 증언집"]


def test_a_scan_is_read_by_ocr_in_korean_and_english(tesseract):
    result = pdf_text.read_pdf_text(
        pdfs.scanned_pdf([["정치범수용소 생존자의 증언", "Testimony of a survivor"]])
    )
    assert result.status == "done"
    [page] = result.pages
    assert page.from_ocr
    assert "정치범수용소" in page.text
    assert "Testimony of a survivor" in page.text


def test_a_text_layer_without_unicode_map_is_garbage_and_read_by_ocr(tesseract):
    data = pdfs.garbage_text_layer_pdf([["Testimony of a survivor about detention"]])
    pdf = pdfium.PdfDocument(data)
    layer = pdf[0].get_textpage().get_text_range()
    pdf.close()
    assert layer.strip()  # there is a text layer...
    assert "Testimony" not in layer
    assert pdf_text.is_garbage(layer)  # ...of private-use characters

    [page] = pdf_text.read_pdf_text(data).pages
    assert page.from_ocr
    assert "Testimony of a survivor about detention" in page.text


def test_without_tesseract_scans_are_reported_and_text_layers_kept(
    without_tesseract,
):
    data = pdfs.text_pdf([["Political prison camps"]])
    scan = pdfs.scanned_pdf([["Testimony of a survivor"]])
    mixed = _join(data, scan)

    result = pdf_text.read_pdf_text(mixed)

    assert result.status == "ocr_unavailable"
    assert [p.number for p in result.pages] == [1]
    assert "OCR is not installed" in result.message
    assert "tesseract-ocr-kor" in result.message
    assert "Pages not read: 2." in result.message


def test_without_korean_data_ocr_says_which_package_is_missing(monkeypatch, tmp_path):
    english = Path("/usr/share/tesseract-ocr/5/tessdata/eng.traineddata")
    if shutil.which("tesseract") is None or not english.exists():
        service_missing("tesseract-ocr-eng is not installed")
    shutil.copy(english, tmp_path / "eng.traineddata")
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))

    result = pdf_text.read_pdf_text(pdfs.scanned_pdf([["Testimony"]]))

    assert result.status == "ocr_unavailable"
    assert "install tesseract-ocr-kor" in result.message


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (pdfs.encrypted_pdf([["x"]]), "encrypted"),
        (pdfs.truncated_pdf([["x"]]), "broken"),
        (b"PK\x03\x04 a zip file", "broken"),
        (b"", "broken"),
    ],
    ids=["encrypted", "truncated", "zip", "empty"],
)
def test_unreadable_files(data, status):
    result = pdf_text.read_pdf_text(data)
    assert result.status == status
    assert result.pages == []
    assert result.message


def test_a_pdf_only_locked_against_changes_is_read():
    """An owner password without a user password: anyone may open and read it."""
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdfs.text_pdf([["Musan"]]))))
    writer.encrypt("", owner_password="owner", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert [p.text for p in pdf_text.read_pdf_text(buffer.getvalue()).pages] == [
        "Musan"
    ]


def test_stored_text_has_no_nul_or_control_characters():
    assert pdf_text.clean_text("a\x00b\x07c\r\n\r\n\n  d\u00ade  ") == "abc\nde"


def _join(*documents: bytes) -> bytes:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in documents:
        writer.append(PdfReader(io.BytesIO(data)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
