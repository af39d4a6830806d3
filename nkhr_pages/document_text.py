"""Keeping documents' text (``DocumentPageText``) in step with their files, and
the pages that carry them in step in the search index.

- Saving a document queues ``extract_document_text_task`` (django-tasks, the
  queue of Wagtail's own index updates: ``db_worker`` runs it in deployments);
  its record reads "waiting" until then.
- The task reads the file (``nkhr_pages.pdf_text``), skips it when its hash is
  the one already read, stores the pages' text in one transaction and
  re-indexes the live pages that carry the document.
- Publishing a page queues the reading of any of its documents not read yet
  (documents uploaded before this existed; ``manage.py extract_document_text``
  does all of them at once).

Failures end in the record's status (encrypted, damaged...), never in an
exception out of the task, a failed publish or a 500.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    get_page_models,
)
from wagtail.search import index

from . import pdf_text
from .models.documents import (
    DocumentPageText,
    DocumentTextExtraction,
    DocumentTextMixin,
    DocumentTextStatus,
)

logger = logging.getLogger(__name__)

# Statuses that reading the same file again would not change. The others are
# read again: waiting, OCR missing (it may be installed now), unexpected errors.
FINAL = {
    DocumentTextStatus.DONE,
    DocumentTextStatus.NO_TEXT,
    DocumentTextStatus.ENCRYPTED,
    DocumentTextStatus.BROKEN,
}


def is_pdf(document: Any) -> bool:
    return bool(document.file) and document.file.name.lower().endswith(".pdf")


def request_extraction(document: Any) -> None:
    """Mark ``document`` as waiting (when its file is new) and queue its reading."""
    from .tasks import extract_document_text_task

    if not is_pdf(document):
        if DocumentTextExtraction.objects.filter(document=document).exists():
            extract_document_text_task.enqueue(document.pk)  # clears the old text
        return
    record, created = DocumentTextExtraction.objects.get_or_create(
        document=document, defaults={"file_name": document.file.name}
    )
    if not created and record.file_name != document.file.name:
        record.status = DocumentTextStatus.PENDING
        record.file_name = document.file.name
        record.error = ""
        record.requested_at = timezone.now()
        record.save()
    extract_document_text_task.enqueue(document.pk)


def request_missing_extractions(page: Any) -> None:
    """Queue the reading of the page's documents that were never read."""
    if not isinstance(page, DocumentTextMixin):
        return
    for name in page.document_field_names():
        document = getattr(page, name)
        if document is not None and is_pdf(document):
            record = DocumentTextExtraction.objects.filter(document=document).first()
            if record is None or record.file_name != document.file.name:
                request_extraction(document)


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def extract_document_text(document_id: int, force: bool = False) -> str:
    """Read the document's text and store it; returns the status.

    The reading runs outside any transaction (OCR takes seconds a page); the
    result replaces the old text in one, and only if the file is still the
    one read (a newer upload has queued its own reading)."""
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return "deleted"
    if not is_pdf(document):
        _clear(document)
        return "not a pdf"
    record, _created = DocumentTextExtraction.objects.get_or_create(
        document=document, defaults={"file_name": document.file.name}
    )
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
    except OSError as exc:
        _finish(document, document.file.name, "", broken(f"The file is missing: {exc}"))
        return DocumentTextStatus.BROKEN
    digest = file_hash(data)
    if not force and record.file_hash == digest and record.status in FINAL:
        # Same file, but the save may have moved it to a private collection.
        reindex_carrying_pages(document)
        return record.status
    try:
        result = pdf_text.read_pdf_text(data)
    except Exception as exc:
        logger.exception("Reading the text of document %s failed", document_id)
        result = pdf_text.PdfTextResult(DocumentTextStatus.FAILED, message=str(exc))
    if _finish(document, document.file.name, digest, result):
        reindex_carrying_pages(document)
    return result.status


def broken(message: str) -> pdf_text.PdfTextResult:
    return pdf_text.PdfTextResult(DocumentTextStatus.BROKEN, message=message)


def _finish(
    document: Any, file_name: str, digest: str, result: pdf_text.PdfTextResult
) -> bool:
    """Store ``result``; False when the document's file changed meanwhile."""
    with transaction.atomic():
        record = DocumentTextExtraction.objects.select_for_update().get(
            document=document
        )
        current = get_document_model().objects.filter(pk=document.pk).first()
        if current is None or current.file.name != file_name:
            return False
        DocumentPageText.objects.filter(document=document).delete()
        DocumentPageText.objects.bulk_create(
            DocumentPageText(
                document=document,
                page_number=page.number,
                text=page.text,
                from_ocr=page.from_ocr,
            )
            for page in result.pages
        )
        record.status = result.status
        record.file_name = file_name
        record.file_hash = digest
        record.page_count = result.page_count
        record.pages_with_text = len(result.pages)
        record.ocr_page_count = result.ocr_page_count
        record.error = result.message
        record.finished_at = timezone.now()
        record.save()
    return True


def _clear(document: Any) -> None:
    """A document that is no longer a PDF has no text to search."""
    deleted, _counts = DocumentPageText.objects.filter(document=document).delete()
    DocumentTextExtraction.objects.filter(document=document).delete()
    if deleted:
        reindex_carrying_pages(document)


def pages_carrying(document: Any) -> list[Page]:
    """Pages (of any type with ``DocumentTextMixin``) that carry ``document``."""
    pages: list[Page] = []
    for model in get_page_models():
        if not issubclass(model, DocumentTextMixin) or model._meta.abstract:
            continue
        for name in model.document_field_names():
            pages.extend(model.objects.filter(**{name: document.pk}))
    return pages


def reindex_carrying_pages(document: Any) -> int:
    """Bring the search index of the pages that carry ``document`` up to date."""
    pages = pages_carrying(document)
    for page in pages:
        index.insert_or_update_object(page)
    return len(pages)


def connect_signals() -> None:
    """Read a document's text whenever it is saved; read any document a page
    carries when the page is published; re-index carriers of a deleted one."""
    from django.db.models.signals import post_delete, post_save, pre_delete
    from wagtail.signals import page_published

    document_model = get_document_model()

    def on_document_saved(sender, instance, raw=False, **kwargs: Any) -> None:
        if not raw:
            request_extraction(instance)

    def on_document_deleting(sender, instance, **kwargs: Any) -> None:
        instance._nkhr_carrying_pages = [page.pk for page in pages_carrying(instance)]

    def on_document_deleted(sender, instance, **kwargs: Any) -> None:
        page_ids = getattr(instance, "_nkhr_carrying_pages", [])
        if page_ids:
            transaction.on_commit(lambda: _reindex_pages(page_ids))

    def on_page_published(sender, instance, **kwargs: Any) -> None:
        request_missing_extractions(instance)

    def on_collection_privacy_changed(sender, instance, **kwargs: Any) -> None:
        collection_id = instance.collection_id
        transaction.on_commit(lambda: reindex_collection(collection_id))

    post_save.connect(
        on_document_saved,
        sender=document_model,
        dispatch_uid="nkhr-document-text-saved",
        weak=False,
    )
    pre_delete.connect(
        on_document_deleting,
        sender=document_model,
        dispatch_uid="nkhr-document-text-deleting",
        weak=False,
    )
    post_delete.connect(
        on_document_deleted,
        sender=document_model,
        dispatch_uid="nkhr-document-text-deleted",
        weak=False,
    )
    page_published.connect(
        on_page_published, dispatch_uid="nkhr-document-text-published", weak=False
    )
    for signal in (post_save, post_delete):
        signal.connect(
            on_collection_privacy_changed,
            sender=CollectionViewRestriction,
            dispatch_uid=f"nkhr-document-text-collection-privacy-{id(signal)}",
            weak=False,
        )


def reindex_collection(collection_id: int) -> None:
    """A privacy setting on a collection changes whether its documents' text
    may be searched: re-index the pages carrying them."""
    collection = Collection.objects.filter(pk=collection_id).first()
    if collection is None:
        return
    documents = get_document_model().objects.filter(
        collection__in=collection.get_descendants(inclusive=True)
    )
    for document in documents.iterator():
        reindex_carrying_pages(document)


def _reindex_pages(page_ids: list[int]) -> None:
    for page in Page.objects.filter(pk__in=page_ids).specific():
        index.insert_or_update_object(page)
