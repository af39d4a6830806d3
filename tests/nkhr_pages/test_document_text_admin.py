"""Editors see, in the publication's edit view, whether the text of its PDF could
be read; a PDF that cannot be read never stops an upload or a publish."""

from __future__ import annotations

import os
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail.users.models import UserProfile

from nkhr_pages.models import DocumentTextExtraction, PublicationPage
from tests import factories, pdfs


@pytest.fixture(autouse=True)
def media_roots(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NKHR_PROTECTED_MEDIA_ROOT = tmp_path / "protected-media"


@pytest.fixture
def publications(make_section):
    return make_section(
        factories.PublicationIndexPageFactory, "Publications", "간행물"
    )[0]


def upload_in_admin(admin_client, data: bytes, name: str):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": name,
            "file": SimpleUploadedFile(name, data, "application/pdf"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return get_document_model().objects.get(title=name)


def publish_in_admin(admin_client, parent, document) -> PublicationPage:
    data = nested_form_data(
        {
            "title": "Sealed report",
            "slug": "sealed-report",
            "summary": "",
            "body": streamfield([("paragraph", rich_text("<p>Findings</p>"))]),
            "publication_type": "research_report",
            "publication_date": "2024-11-29",
            "document": document.pk,
        }
    )
    data["action-publish"] = "publish"
    response = admin_client.post(
        reverse(
            "wagtailadmin_pages:add",
            args=["nkhr_pages", "publicationpage", parent.pk],
        ),
        data,
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return PublicationPage.objects.get(slug="sealed-report")


@pytest.mark.parametrize(
    ("data", "label", "advice"),
    [
        (
            pdfs.encrypted_pdf([["Sinuiju"]]),
            "Failed: the PDF is encrypted (password-protected)",
            "Save it without a password and upload it again.",
        ),
        (
            pdfs.truncated_pdf([["Sinuiju"]]),
            "Failed: the file is damaged or not a PDF",
            "Export the PDF again and upload it.",
        ),
    ],
    ids=["encrypted", "truncated"],
)
def test_an_unreadable_pdf_is_uploaded_published_and_its_status_shown(
    admin_client, publications, data, label, advice
):
    document = upload_in_admin(admin_client, data, "sealed.pdf")
    page = publish_in_admin(admin_client, publications, document)
    assert page.live

    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Searchable text of the PDF" in html
    assert label in html
    assert advice in html


def test_the_panel_counts_pages_read_and_pages_read_by_ocr(admin_client, publications):
    document = upload_in_admin(
        admin_client, pdfs.text_pdf([["Political prison camps"], []]), "camps.pdf"
    )
    page = publish_in_admin(admin_client, publications, document)

    html = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[page.pk])
    ).content.decode()

    assert "Text found" in html
    assert "1 of 2 pages have searchable text (0 read by OCR from an image)." in html


def test_the_panel_in_korean(admin_client, admin_user, publications):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "ko"
    profile.save()
    document = get_document_model().objects.create(
        title="잠긴 보고서",
        file=SimpleUploadedFile("locked.pdf", pdfs.encrypted_pdf([["x"]])),
    )
    page = factories.PublicationPageFactory(parent=publications, document=document)

    html = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[page.pk])
    ).content.decode()

    assert "검색에 쓰이는 PDF 텍스트" in html
    assert "암호" in html


def test_a_document_is_marked_waiting_until_the_worker_reads_it(
    admin_client, publications, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    document = upload_in_admin(admin_client, pdfs.text_pdf([["Musan"]]), "musan.pdf")
    page = publish_in_admin(admin_client, publications, document)

    assert DocumentTextExtraction.objects.get(document=document).status == "pending"
    html = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[page.pk])
    ).content.decode()
    assert "Waiting to be read" in html


def test_without_ocr_the_panel_says_so_and_the_command_reads_the_scan_later(
    admin_client, publications, monkeypatch, tmp_path
):
    pdfs.require_ocr()
    path = os.environ["PATH"]
    monkeypatch.setenv("PATH", str(tmp_path))  # a server without tesseract
    document = upload_in_admin(
        admin_client, pdfs.scanned_pdf([["Testimony of a survivor"]]), "scan.pdf"
    )
    page = publish_in_admin(admin_client, publications, document)
    record = DocumentTextExtraction.objects.get(document=document)
    assert record.status == "ocr_unavailable"
    assert "tesseract-ocr" in record.error

    html = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[page.pk])
    ).content.decode()
    assert "Scanned pages not read: text recognition (OCR) is not installed" in html
    assert "ask the people who run the site" in html

    monkeypatch.setenv("PATH", path)  # Tesseract installed
    call_command("extract_document_text", stdout=StringIO())
    record.refresh_from_db()
    assert record.status == "done"
    assert record.ocr_page_count == 1
