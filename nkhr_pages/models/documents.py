"""The text inside documents (PDFs), page by page, so that search finds what is in
NKHR's reports and submissions and not only what their pages say about them.

The text is read in the background (``nkhr_pages.document_text``); a page type
that carries documents makes their text searchable with ``DocumentTextMixin``.
What is indexed is only ever the text of the documents a page carries, so a
document is searchable exactly when, and where, a live public page shows it:
search never looks beyond ``Page.objects.live().public()``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.documents import get_document_model, get_document_model_string

# What goes into the search index per document: its text, up to the point where
# it has brought INDEX_MAX_TERMS different index terms. PostgreSQL refuses a
# page whose tsvector passes 1 MB, and the database backends index Hangul as
# two-syllable pieces (``search.korean``): text as varied as random syllables
# passes the limit within 150,000 characters. A report's vocabulary is far
# smaller (a 300-page report in English or Korean stays whole); past the limit
# the rest of a document adds no word it has not had already in most reports.
INDEX_MAX_TERMS = 40_000
_WORD = re.compile(r"\S+")
_HANGUL = re.compile("[\uac00-\ud7a3]+")


class DocumentTextStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be read")
    DONE = "done", _("Text found")
    NO_TEXT = "no_text", _("No text found")
    OCR_UNAVAILABLE = (
        "ocr_unavailable",
        _("Scanned pages not read: text recognition (OCR) is not installed"),
    )
    ENCRYPTED = "encrypted", _("Failed: the PDF is encrypted (password-protected)")
    BROKEN = "broken", _("Failed: the file is damaged or not a PDF")
    FAILED = "failed", _("Failed: unexpected error")


class DocumentTextExtraction(models.Model):
    """Where the reading of one document's text stands."""

    Status = DocumentTextStatus

    document = models.OneToOneField(
        get_document_model_string(),
        on_delete=models.CASCADE,
        related_name="text_extraction",
        verbose_name=_("document"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DocumentTextStatus.choices,
        default=DocumentTextStatus.PENDING,
    )
    # The file this record is about: a new upload changes the name, a file
    # replaced under the same name changes the hash.
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_hash = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    # A context: Wagtail's own "pages" (the page tree) must not read 쪽수.
    page_count = models.PositiveIntegerField(
        pgettext_lazy("number of pages of a document", "pages"), default=0
    )
    pages_with_text = models.PositiveIntegerField(_("pages with text"), default=0)
    ocr_page_count = models.PositiveIntegerField(_("pages read by OCR"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("document text extraction")
        verbose_name_plural = _("document text extractions")

    def __str__(self) -> str:
        return f"{self.document_id}: {self.status}"

    @property
    def failed(self) -> bool:
        return self.status in {
            DocumentTextStatus.ENCRYPTED,
            DocumentTextStatus.BROKEN,
            DocumentTextStatus.FAILED,
        }


class DocumentPageText(models.Model):
    """The text of one page of a document (numbered from 1, as PDF viewers do)."""

    document = models.ForeignKey(
        get_document_model_string(),
        on_delete=models.CASCADE,
        related_name="page_texts",
        verbose_name=_("document"),
    )
    page_number = models.PositiveIntegerField(_("page number"))
    text = models.TextField(_("text"))
    from_ocr = models.BooleanField(_("read by OCR"), default=False)

    class Meta:
        verbose_name = _("document page text")
        verbose_name_plural = _("document page texts")
        ordering = ["document", "page_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "page_number"], name="unique_document_page_text"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_id} p. {self.page_number}"


@dataclass(frozen=True)
class DocumentPage:
    """One page of a carried document, as search snippets show it."""

    document: Any
    number: int
    text: str

    @property
    def url(self) -> str:
        """The document opened at this page (PDF viewers read ``#page=N``)."""
        return f"{self.document.url}#page={self.number}"


def index_text(page_texts: list[str]) -> str:
    """A document's text for the search index, bounded (see ``INDEX_MAX_TERMS``)."""
    text = "\n".join(page_texts)
    if len(text) <= INDEX_MAX_TERMS:
        return text  # each character brings one new term at most
    terms: set[str] = set()
    previous = ""  # the last syllable of the word before, if Hangul
    for match in _WORD.finditer(text):
        word = match.group(0)
        runs = _HANGUL.findall(word)
        if runs:
            syllables = previous + "".join(runs)
            terms.update(syllables[i : i + 2] for i in range(len(syllables) - 1))
            previous = runs[-1][-1] if word.endswith(runs[-1]) else ""
        else:
            terms.add(word.lower())
            previous = ""
        if len(terms) > INDEX_MAX_TERMS:
            return text[: match.start()]
    return text


def document_is_searchable(document: Any) -> bool:
    """False for a document in a collection with a privacy setting: Wagtail
    does not serve it to the public, so its text stays out of search too."""
    return not document.collection.get_view_restrictions().exists()


class DocumentTextMixin(models.Model):
    """A page type whose documents' text is searchable.

    Its documents are those of its foreign keys to the document model; add
    ``index.SearchField("document_text")`` to its ``search_fields``. The search
    app shows a snippet from ``search_document_pages()`` (with the page of the
    PDF) and leaves the fields in ``search_document_fields`` out of the page's
    own snippet.

    An abstract model, not a plain mixin: Elasticsearch names a field after the
    model that defines it, and needs that class to have ``_meta``.
    """

    search_document_fields = ("document_text",)

    class Meta:
        abstract = True

    @classmethod
    def document_field_names(cls) -> list[str]:
        document_model = get_document_model()
        return [
            field.name
            for field in cls._meta.get_fields()
            if isinstance(field, models.ForeignKey)
            and field.related_model is document_model
        ]

    def carried_documents(self) -> list[Any]:
        """The documents this page shows that the public may read."""
        documents = []
        for name in self.document_field_names():
            document = getattr(self, name)
            if document is not None and document_is_searchable(document):
                documents.append(document)
        return documents

    def document_text(self) -> str:
        """The text of the page's documents, for the search index."""
        parts = []
        for document in self.carried_documents():
            texts = DocumentPageText.objects.filter(document=document).order_by(
                "page_number"
            )
            parts.append(index_text(list(texts.values_list("text", flat=True))))
        return "\n".join(part for part in parts if part)

    def search_document_pages(self) -> Iterator[DocumentPage]:
        """The pages of the page's documents, in order, read lazily: a snippet
        stops at the first page that matches."""
        for document in self.carried_documents():
            texts = (
                DocumentPageText.objects.filter(document=document)
                .order_by("page_number")
                .values_list("page_number", "text")
            )
            for number, text in texts.iterator(chunk_size=50):
                yield DocumentPage(document, number, text)
