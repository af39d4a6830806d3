"""The text inside publications' PDFs is searched, on whichever backend the
settings choose (SQLite, PostgreSQL, Elasticsearch): results show the passage
with the words marked and the page of the PDF it is on."""

from __future__ import annotations

import random

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from nkhr_pages.document_text import extract_document_text
from nkhr_pages.models import DocumentPageText, DocumentTextExtraction
from tests import pdfs

from .conftest import rebuild_search_index, refresh_search_index

FILLER = ["North Korean refugees and their families.", "Annual activities."]


@pytest.fixture(autouse=True)
def media_roots(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NKHR_PROTECTED_MEDIA_ROOT = tmp_path / "protected-media"


@pytest.fixture(autouse=True)
def search_index(home_pages):
    """An index with the project's mappings (Korean analysis on Elasticsearch)
    before the tests add pages to it."""
    rebuild_search_index()


def upload(data: bytes, name: str = "report.pdf", title: str = "Report", **fields):
    """A document as the admin saves it: its text is read at once (tests run
    tasks inline)."""
    return get_document_model().objects.create(
        title=title, file=ContentFile(data, name=name), **fields
    )


def search(client, query: str, language: str = "en"):
    refresh_search_index()
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    return response


def hits(response):
    return response.context["outcome"].hits


def test_a_word_only_inside_the_pdf_finds_the_publication_with_its_page(
    client, make_publication
):
    document = upload(
        pdfs.text_pdf(
            [FILLER, FILLER, ["Testimony about the Yodok camp and its guards."]]
        )
    )
    make_publication(
        "annual-report",
        {"title": "Annual report 2023", "summary": "Our year.", "document": document},
    )
    make_publication("other", {"title": "Other report", "summary": "Nothing here."})

    response = search(client, "Yodok")

    [hit] = hits(response)
    assert hit.page.title == "Annual report 2023"
    assert hit.document_page.number == 3
    assert "<mark>Yodok</mark>" in hit.snippet
    html = response.content.decode()
    assert f'href="{document.url}#page=3"' in html
    assert "In the PDF, page 3" in html
    # English stemming reaches into the PDF as into pages.
    [hit] = hits(search(client, "guard"))
    assert "<mark>guards</mark>" in hit.snippet


def test_markup_in_a_pdf_is_shown_as_text(client, make_publication):
    document = upload(pdfs.text_pdf([['<script>alert("x")</script> Kimchaek port']]))
    make_publication("markup", {"title": "Markup", "document": document})

    html = search(client, "Kimchaek").content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "<mark>Kimchaek</mark>" in html


def test_korean_pdf_of_the_korean_translation(client, make_publication):
    english = upload(pdfs.text_pdf([FILLER]), name="report-en.pdf")
    korean = upload(
        pdfs.korean_pdf(
            [["북한 인권 연례 보고서"], ["중국 공안에 의한 강제 송환 사례 증언"]]
        ),
        name="report-ko.pdf",
    )
    make_publication(
        "report",
        {"title": "Annual report", "document": english},
        {"title": "연례 보고서", "document": korean},
    )

    # Written joined, or spaced with a particle: as on pages.
    [hit] = hits(search(client, "강제송환", "ko"))
    assert hit.page.title == "연례 보고서"
    assert hit.document_page.number == 2
    assert "<mark>강제 송환</mark>" in hit.snippet
    [hit] = hits(search(client, "강제 송환을", "ko"))
    assert hit.document_page.number == 2
    assert "<mark>강제</mark> <mark>송환</mark>" in hit.snippet
    assert hits(search(client, "강제송환", "en")) == []


def test_a_scan_without_text_layer_is_read_by_ocr(client, make_publication):
    pdfs.require_ocr()
    document = upload(
        pdfs.scanned_pdf([["정치범수용소 생존자의 증언", "Testimony of a survivor"]])
    )
    record = DocumentTextExtraction.objects.get(document=document)
    assert record.status == "done"
    assert record.ocr_page_count == 1
    make_publication("scan", {"title": "Scanned report", "document": document})

    [hit] = hits(search(client, "survivor"))
    assert hit.document_page.number == 1
    [hit] = hits(search(client, "정치범수용소"))
    assert hit.page.title == "Scanned report"


def test_pages_not_public_keep_their_pdfs_out_of_search(client, make_publication):
    document = upload(pdfs.text_pdf([["Hamgyong province witness list"]]))
    page, _ = make_publication("draft", {"title": "Draft", "document": document})
    assert hits(search(client, "Hamgyong"))

    page.unpublish()
    assert hits(search(client, "Hamgyong")) == []

    page.save_revision().publish()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    assert hits(search(client, "Hamgyong")) == []


def test_a_pdf_in_a_private_collection_is_neither_indexed_nor_quoted(
    client, make_publication
):
    private = Collection.get_first_root_node().add_child(name="Interviews")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = upload(
        pdfs.text_pdf([["Chongjin safe house address"]]), collection=private
    )
    make_publication("interviews", {"title": "Interviews", "document": document})
    rebuild_search_index()

    assert DocumentPageText.objects.filter(document=document).exists()
    assert hits(search(client, "Chongjin")) == []


def test_a_privacy_setting_on_its_collection_takes_the_pdf_out_of_search(
    client, make_publication, django_capture_on_commit_callbacks
):
    archive = Collection.get_first_root_node().add_child(name="Archive")
    document = upload(pdfs.text_pdf([["Chongjin safe house address"]]))
    make_publication("moved", {"title": "Moved", "document": document})
    assert hits(search(client, "Chongjin"))

    # Moved into a private collection...
    private = archive.add_child(name="Private")
    with django_capture_on_commit_callbacks(execute=True):
        CollectionViewRestriction.objects.create(
            collection=archive, restriction_type=CollectionViewRestriction.LOGIN
        )
    document.collection = private
    document.save()
    assert hits(search(client, "Chongjin")) == []

    # ...or its collection made private.
    document.collection = Collection.get_first_root_node()
    document.save()
    assert hits(search(client, "Chongjin"))
    with django_capture_on_commit_callbacks(execute=True):
        CollectionViewRestriction.objects.create(
            collection=Collection.get_first_root_node(),
            restriction_type=CollectionViewRestriction.LOGIN,
        )
    assert hits(search(client, "Chongjin")) == []


def test_a_new_file_is_read_again_and_the_page_reindexed(client, make_publication):
    document = upload(pdfs.text_pdf([["Hoeryong detention centre"]]))
    make_publication("report", {"title": "Report", "document": document})
    assert hits(search(client, "Hoeryong"))

    document.file = ContentFile(
        pdfs.text_pdf([["Onsong border crossing"]]), name="report-v2.pdf"
    )
    document.save()

    assert hits(search(client, "Hoeryong")) == []
    [hit] = hits(search(client, "Onsong"))
    assert hit.document_page.number == 1


def test_the_same_file_saved_again_is_not_read_again(make_publication):
    document = upload(pdfs.text_pdf([["Musan mine"]]))
    page_text = DocumentPageText.objects.get(document=document)
    document.title = "Musan report"
    document.save()
    assert extract_document_text(document.pk) == "done"
    # Not rewritten: the same row, read once.
    assert DocumentPageText.objects.get(document=document).pk == page_text.pk


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (pdfs.encrypted_pdf([["Sinuiju"]]), "encrypted"),
        (pdfs.truncated_pdf([["Sinuiju"]]), "broken"),
        (b"<html>not a pdf</html>", "broken"),
    ],
    ids=["encrypted", "truncated", "not-a-pdf"],
)
def test_unreadable_pdfs_get_a_status_and_the_page_is_still_published_and_found(
    client, make_publication, data, status
):
    document = upload(data)
    record = DocumentTextExtraction.objects.get(document=document)
    assert record.status == status
    assert record.error
    page, _ = make_publication(
        "unreadable", {"title": "Sinuiju report", "document": document}
    )
    assert page.live
    [hit] = hits(search(client, "Sinuiju"))
    assert hit.document_page is None


def _korean_pages(words: list[str], characters: int, rng: random.Random):
    pages: list[list[str]] = []
    while sum(len(line) for page in pages for line in page) < characters:
        pages.append(
            [" ".join(rng.choice(words) for _ in range(80)) for _ in range(40)]
        )
    return pages


def test_a_long_report_is_indexed_to_its_last_page(client, make_publication):
    rng = random.Random(22)
    syllables = [chr(code) for code in range(0xAC00, 0xAC00 + 400)]
    # Nouns and particles, as Korean is written: some 8,000 different words.
    stems = ["".join(rng.sample(syllables, 2)) for _ in range(2000)]
    vocabulary = [stem + particle for stem in stems for particle in "을의는에"]
    pages = _korean_pages(vocabulary, 150_000, rng)  # some 120 pages
    pages.append(["Kaechon internment camp"])
    document = upload(pdfs.korean_pdf(pages))
    make_publication("long", {"title": "Long report", "document": document})

    [hit] = hits(search(client, "Kaechon"))
    assert hit.document_page.number == len(pages)


def test_text_too_varied_for_the_index_is_cut_and_the_page_still_indexed(
    client, make_publication
):
    """Random Hangul: every pair of syllables new. Whole, it would pass
    PostgreSQL's 1 MB limit and the page would not be indexed at all."""
    rng = random.Random(22)
    syllables = [chr(code) for code in range(0xAC00, 0xAC00 + 2000)]
    vocabulary = ["".join(rng.sample(syllables, 3)) for _ in range(60_000)]
    pages = _korean_pages(vocabulary, 200_000, rng)
    pages.append(["Kaechon internment camp"])
    document = upload(pdfs.korean_pdf(pages))
    make_publication("varied", {"title": "Varied report", "document": document})

    [hit] = hits(search(client, "Varied"))
    assert hit.page.title == "Varied report"
    assert hits(search(client, "Kaechon")) == []


def test_the_worker_reads_the_pdf_and_reindexes_the_publication(
    client, make_publication, settings, monkeypatch
):
    """Deployments queue the reading in the database; db_worker does it."""
    from io import StringIO

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    # The worker would close this test's connection (and its transaction).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections",
        lambda: None,
    )
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    document = upload(pdfs.text_pdf([FILLER, ["Chongori reeducation camp"]]))
    make_publication("queued", {"title": "Queued report", "document": document})
    assert DocumentTextExtraction.objects.get(document=document).status == "pending"
    assert not DocumentPageText.objects.filter(document=document).exists()

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())

    assert DocumentTextExtraction.objects.get(document=document).status == "done"
    [hit] = hits(search(client, "Chongori"))
    assert hit.document_page.number == 2
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_extract_document_text_reads_documents_never_read(client, make_publication):
    """Documents uploaded before text extraction existed."""
    from io import StringIO

    from django.core.management import call_command

    document = upload(pdfs.text_pdf([["Yongdok camp"]]))
    make_publication("older", {"title": "Older report", "document": document})
    DocumentPageText.objects.all().delete()
    DocumentTextExtraction.objects.all().delete()
    rebuild_search_index()
    assert hits(search(client, "Yongdok")) == []

    out = StringIO()
    call_command("extract_document_text", stdout=out)

    assert "done: 1" in out.getvalue()
    assert hits(search(client, "Yongdok"))
    out = StringIO()
    call_command("extract_document_text", stdout=out)
    assert "No document to read." in out.getvalue()


def test_indexing_a_publication_reads_its_documents_text_once(make_publication):
    """Wagtail's database indexers read every field for the title column, again
    for the body and for the autocomplete one: a report's text (tens of
    thousands of characters, segmented for Korean) was read and segmented three
    times per page (benchmark, issue 22)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.search import index

    document = upload(pdfs.text_pdf([["Testimony about the Yodok camp."]]))
    page, _ko = make_publication("once", {"title": "Once", "document": document})
    page = type(page).objects.get(pk=page.pk)

    with CaptureQueriesContext(connection) as queries:
        index.insert_or_update_object(page)

    table = DocumentPageText._meta.db_table
    reads = [q["sql"] for q in queries.captured_queries if table in q["sql"]]
    assert len(reads) == 1, reads
