"""Publication covers: drawn from the PDF's first page in the background, drawn
again when the file changes, typographic when there is no PDF to draw."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.template import Context, Template
from PIL import Image
from wagtail.documents import get_document_model

from nkhr_pages.covers import COVER_WIDTH, generate_cover, render_first_page
from nkhr_pages.home_sections import latest_publications
from nkhr_pages.models import ProtectedImage, PublicationCover
from tests import factories
from tests.pdfs import text_pdf


@pytest.fixture(autouse=True)
def _webp_only(settings):
    settings.NKHR_PICTURE_FORMATS = ("webp",)


@pytest.fixture
def publications(make_section):
    return make_section(
        factories.PublicationIndexPageFactory, "Publications", "간행물"
    )[0]


def _pdf_document(data: bytes, title: str = "Made in China"):
    document = get_document_model()(title=title)
    document.file.save("made-in-china.pdf", ContentFile(data), save=True)
    return document


def _render_cover(publication) -> str:
    [item] = latest_publications(publication.locale_id, 1)
    template = Template("{% load nkhr_images %}{% publication_cover item %}")
    return template.render(Context({"item": item}))


def test_first_page_drawn_as_png():
    png = render_first_page(text_pdf([["MADE IN CHINA"], ["second page"]]))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.width == COVER_WIDTH
    # A4 keeps its proportions: taller than wide.
    assert image.height > image.width


def test_not_a_pdf_is_not_drawn():
    assert render_first_page(b"%PDF-1.4 truncated") is None
    assert render_first_page(b"hello") is None


def test_publishing_a_publication_draws_its_cover(
    publications, django_capture_on_commit_callbacks
):
    document = _pdf_document(text_pdf([["MADE IN CHINA"]]))
    with django_capture_on_commit_callbacks(execute=True):
        page = factories.PublicationPageFactory(parent=publications, document=document)
        page.save_revision().publish()
    cover = PublicationCover.objects.get(document=document)
    assert cover.image.width == COVER_WIDTH
    assert not cover.image.do_not_identify
    assert cover.image.description == "Cover of Made in China"
    assert "publication-cover" in cover.image.tags.names()
    html = _render_cover(page)
    assert "<picture" in html
    assert "typographic-cover" not in html


def test_new_file_draws_the_cover_again(
    publications, django_capture_on_commit_callbacks
):
    document = _pdf_document(text_pdf([["first edition"]]))
    assert generate_cover(document.pk) == "created"
    first = PublicationCover.objects.get(document=document)
    assert generate_cover(document.pk) == "unchanged"
    with django_capture_on_commit_callbacks(execute=True):
        document.file.save(
            "second.pdf", ContentFile(text_pdf([["second edition"]])), save=True
        )
    second = PublicationCover.objects.get(document=document)
    assert second.source_hash != first.source_hash
    assert second.image_id != first.image_id
    assert not ProtectedImage.objects.filter(pk=first.image_id).exists()


def test_unreadable_pdf_keeps_the_typographic_cover(publications):
    document = _pdf_document(b"%PDF-1.4 broken")
    page = factories.PublicationPageFactory(parent=publications, document=document)
    page.save_revision().publish()
    assert generate_cover(document.pk) == "unreadable"
    html = _render_cover(page)
    assert "typographic-cover" in html
    assert "Research report" in html
    assert "2024" in html


def test_flagged_generated_cover_falls_back_to_typographic(publications):
    document = _pdf_document(text_pdf([["MADE IN CHINA"]]))
    page = factories.PublicationPageFactory(parent=publications, document=document)
    page.save_revision().publish()
    generate_cover(document.pk)
    image = PublicationCover.objects.get(document=document).image
    image.do_not_identify = True
    image.save()
    html = _render_cover(page)
    assert "typographic-cover" in html
    assert "<img" not in html
    assert "image-placeholder" not in html
