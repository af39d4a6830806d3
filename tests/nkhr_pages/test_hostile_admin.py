"""A clumsy or hostile editor in the admin: every page type's form, the
snippet forms, the media coverage CSV import and image and document uploads
with bad values get a clear message, never a 500, and store nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from nkhr_pages.models import MediaCoverageImport, Outlet, PublicationTopic
from tests import factories

from .test_admin_page_forms import PAGE_TYPES, REQUIRED_ANSWERS, _form_data

SCRIPT = '"><script>alert("nkhr")</script>'
UNESCAPED = ("<script>alert(",)

# Values an editor may paste, or a forged POST may send, into any field.
HOSTILE_TEXT = ["a\x00b", "x" * 10_000, SCRIPT, "\u202eevil\u200b"]
HOSTILE_ANSWERS = {
    "start_date": ["0000-01-01", "99999-01-01"],
    "publication_date": ["2024-13-01"],
    "issue_date": ["\x00"],
    "issue_number": ["99999999999999999999", "-5"],
    "per_page": ["99999999999999999999"],
    "status": ["<b>x</b>"],
    "kind": ["\x00"],
    "publication_type": [SCRIPT],
    "outlet": ["99999999999999999999"],
    "min_amount_krw": ["-1", "1e400"],
}


@pytest.fixture
def admin(admin_client):
    """A superuser's client (tests/nkhr_pages/conftest.py)."""
    return admin_client


def assert_handled(response) -> str:
    assert response.status_code < 500
    body = response.content.decode("utf-8", "replace")
    assert "Traceback" not in body
    for marker in UNESCAPED:
        assert marker not in body
    return body


def _png(width: int = 120, height: int = 80) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((width, height), 60).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((160, 120), 60).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()


# --- Page forms --------------------------------------------------------------


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_every_page_form_answers_hostile_values_with_a_form_error(
    home_pages, admin, model
):
    from .test_admin_page_forms import INDEX_FACTORIES

    factory = INDEX_FACTORIES.get(model.__name__)
    parent = factory(parent=home_pages["en"]) if factory else home_pages["en"]
    url = reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )
    form = admin.get(url).context["form"]
    outlet = factories.OutletFactory(name="Yonhap News Agency")
    before = Page.objects.count()
    tried = 0
    for name, values in HOSTILE_ANSWERS.items():
        if name not in form.fields:
            continue
        for value in values:
            answers = {**REQUIRED_ANSWERS, "outlet": outlet.pk, name: value}
            response = admin.post(url, _form_data(form, f"Hostile {name}", **answers))
            assert_handled(response)
            tried += 1
    for value in HOSTILE_TEXT[:2]:
        answers = {**REQUIRED_ANSWERS, "outlet": outlet.pk}
        data = _form_data(form, "Hostile title", **answers)
        data["title"] = value
        data["slug"] = value
        response = assert_handled(admin.post(url, data))
        tried += 1
    assert tried
    # Nothing above is a valid page: a title with NUL, a slug of 10,000
    # characters, a date or number out of range.
    assert Page.objects.count() == before


# --- Snippets ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "fields"),
    [(Outlet, ("name", "website")), (PublicationTopic, ("name", "slug"))],
    ids=["outlet", "topic"],
)
@pytest.mark.parametrize("value", HOSTILE_TEXT, ids=["nul", "huge", "script", "rtl"])
def test_snippet_forms_refuse_or_escape_hostile_values(
    home_pages, admin, model, fields, value
):
    url = reverse(f"wagtailsnippets_nkhr_pages_{model._meta.model_name}:add")
    data = dict.fromkeys(fields, value)
    data["locale"] = home_pages["en"].locale.language_code
    response = admin.post(url + "?locale=en", data)
    body = assert_handled(response)
    # Compared in Python: PostgreSQL refuses a NUL even in a query, and
    # SQLite's LIKE stops at one.
    names = set(model.objects.values_list("name", flat=True))
    if response.status_code == 200:  # the form again, with its errors
        assert "error" in body
        assert value not in names
    assert not any("\x00" in name for name in names)


# --- Image and document uploads ----------------------------------------------

BROKEN_IMAGES = {
    "text.jpg": b"not an image at all",
    "empty.png": b"",
    "signature-only.png": _png()[:40],
    "half.png": _png()[: len(_png()) // 2],
    "half.jpg": _jpeg()[: len(_jpeg()) // 2],
    "zeros.png": b"\x00" * 200,
}


@pytest.mark.parametrize("name", sorted(BROKEN_IMAGES))
def test_a_broken_image_is_refused_with_a_message_and_not_stored(admin, name):
    images = get_image_model().objects
    before = images.count()
    response = admin.post(
        reverse("wagtailimages:add"),
        {
            "title": "Broken",
            "description": "Alt",
            "description_ko": "대체",
            "file": SimpleUploadedFile(name, BROKEN_IMAGES[name]),
        },
    )
    body = assert_handled(response)
    assert response.status_code == 200
    assert "error" in body
    multiple = admin.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile(name, BROKEN_IMAGES[name])},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert multiple.status_code == 200
    answer = multiple.json()
    assert answer["success"] is False
    assert answer["error_message"]
    assert images.count() == before


def test_a_whole_image_is_still_accepted(admin):
    response = admin.post(
        reverse("wagtailimages:add"),
        {
            "title": "Whole",
            "description": "Alt",
            "description_ko": "대체",
            "file": SimpleUploadedFile("whole.png", _png()),
        },
    )
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Whole").exists()


def test_an_image_of_too_many_pixels_is_refused(admin, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1000
    response = admin.post(
        reverse("wagtailimages:add"),
        {
            "title": "Huge",
            "description": "Alt",
            "description_ko": "대체",
            "file": SimpleUploadedFile("huge.png", _png(200, 200)),
        },
    )
    assert_handled(response)
    assert response.status_code == 200
    assert not get_image_model().objects.filter(title="Huge").exists()


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4\n garbage \x00\xff", b"hello", b"MZ\x90\x00" * 100],
    ids=["damaged", "text", "executable"],
)
def test_a_corrupt_pdf_is_stored_and_marked_damaged_without_a_500(admin, content):
    from nkhr_pages.models import DocumentTextExtraction

    response = admin.post(
        reverse("wagtaildocs:add"),
        {"title": "Corrupt", "file": SimpleUploadedFile("corrupt.pdf", content)},
    )
    assert response.status_code == 302
    document = get_document_model().objects.get(title="Corrupt")
    extraction = DocumentTextExtraction.objects.get(document=document)
    assert extraction.status == DocumentTextExtraction.Status.BROKEN
    # The editor reads the status on the pages that carry it
    # (test_document_text_admin.py); the document's own form still opens.
    assert_handled(admin.get(reverse("wagtaildocs:edit", args=[document.pk])))


def test_an_empty_document_is_refused(admin):
    response = admin.post(
        reverse("wagtaildocs:add"),
        {"title": "Empty", "file": SimpleUploadedFile("empty.pdf", b"")},
    )
    assert_handled(response)
    assert response.status_code == 200
    assert not get_document_model().objects.filter(title="Empty").exists()


# --- Media coverage CSV import -----------------------------------------------

HEADER = b"date,outlet,headline\n"
BAD_CSVS = {
    "latin-1": "date,outlet,headline\n2024-01-01,Caf\xe9,Head\n".encode("latin-1"),
    "nul": HEADER + b"2024-01-01,A\x00B,H\n",
    "binary": bytes(range(256)) * 10,
    "no-header": b"a,b\n1,2\n",
    "bad-dates": HEADER + b"0000-00-00,A,H\n99999-01-01,A,H\n2024-13-45,A,H\n",
    "huge-field": HEADER + b'2024-01-01,A,"' + b"x" * 200_000 + b'"\n',
    "open-quote": HEADER + b'2024-01-01,"A,H\n',
    "surrogate": HEADER + b"2024-01-01,A,\xed\xa0\x80\n",
    "many-columns": (",".join(f"c{i}" for i in range(5000)) + "\n").encode(),
    "script": b"date,outlet,headline,link\n2024-01-01,"
    + SCRIPT.encode()
    + b",H,javascript:alert(1)\n",
}


@pytest.mark.parametrize("name", sorted(BAD_CSVS))
def test_a_bad_csv_is_refused_with_a_summary_and_nothing_stored(
    home_pages, admin, name
):
    section = factories.MediaCoverageIndexPageFactory(parent=home_pages["en"])
    pages = Page.objects.count()
    response = admin.post(
        reverse("nkhr_pages_import_media_coverage"),
        {
            "index_page": section.pk,
            "csv_file": SimpleUploadedFile(f"{name}.csv", BAD_CSVS[name]),
        },
    )
    assert_handled(response)
    assert response.status_code == 400
    assert not MediaCoverageImport.objects.exists()
    assert Page.objects.count() == pages
