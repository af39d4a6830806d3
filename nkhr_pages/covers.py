"""Publication covers: the first page of the PDF, drawn as an image.

``generate_cover`` runs in the background (``tasks.generate_cover_task``), when
a publication carrying a PDF is published and whenever that document's file is
replaced. The image is stored like any other (renditions, WebP/AVIF) and
marked as showing no one; a page without a PDF, or whose PDF cannot be drawn,
gets the typographic cover of ``includes/publication_cover.html`` instead.

A cover shows what the PDF's first page shows, and the PDF is as public as the
page that carries it. Editors who see a person on a generated cover who must
not be identified flag the image "do not identify": the page then falls back
to the typographic cover (``cover_for``), never to the picture.

The rule, decided in ``drawn_cover_is_public`` alone: a drawn cover may be
shown to anyone only while at least one live, public publication carries the
document it was drawn from. Its files (``ProtectedImage.drawn_cover``) are
therefore always in protected media, checked on every request; once the last
such publication is unpublished, made private, deleted, or given another
document, the cover's original and renditions answer 404 and are purged from
the CDN (``purge_cover_files``). Listings show only live, public publications,
so ``cover_for`` needs no query to follow the rule; a publication's own page
checks its privacy once (``PublicationPage.get_context``).
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterable
from typing import Any

import pypdfium2 as pdfium
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model

from .models import ProtectedImage, PublicationCover, PublicationPage

logger = logging.getLogger(__name__)

COVER_WIDTH = 900  # pixels; the widest rendition cards ask for is 600
MAX_ASPECT = 2.0  # height / width: a poster-like first page is cropped, not huge
COVER_TAG = "publication-cover"


def is_pdf(document: Any) -> bool:
    return bool(document.file) and document.file.name.lower().endswith(".pdf")


def render_first_page(data: bytes, width: int = COVER_WIDTH) -> bytes | None:
    """The PDF's first page as a PNG ``width`` pixels wide; None when the file
    is not a PDF PDFium can open (broken, encrypted) or has no pages."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None
    try:
        if len(pdf) == 0:
            return None
        page = pdf[0]
        page_width, _page_height = page.get_size()
        bitmap = page.render(scale=width / page_width, fill_color=(255, 255, 255, 255))
        image = bitmap.to_pil().convert("RGB")
    finally:
        pdf.close()
    if image.height > width * MAX_ASPECT:
        image = image.crop((0, 0, image.width, int(width * MAX_ASPECT)))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def generate_cover(document_id: int) -> str:
    """Draw (or draw again) the cover of one document; returns what happened:
    ``created``, ``updated``, ``unchanged``, ``not a pdf``, ``unreadable`` or
    ``deleted``."""
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return "deleted"
    if not is_pdf(document):
        return "not a pdf"
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        logger.warning("The file of document %s is missing", document_id)
        return "unreadable"
    digest = hashlib.sha256(data).hexdigest()
    existing = PublicationCover.objects.filter(document=document).first()
    if existing is not None and existing.source_hash == digest:
        return "unchanged"
    png = render_first_page(data)
    if png is None:
        return "unreadable"
    with transaction.atomic():
        image = _cover_image(document, png)
        if existing is None:
            PublicationCover.objects.create(
                document=document, image=image, source_hash=digest
            )
            return "created"
        old_image = existing.image
        existing.image = image
        existing.source_hash = digest
        existing.save()
        old_image.delete()
        return "updated"


def _cover_image(document: Any, png: bytes) -> ProtectedImage:
    title = document.title
    image = ProtectedImage(
        title=f"Cover: {title}"[:255],
        description=f"Cover of {title}"[:255],
        description_ko=f"{title} 표지"[:255],
        # Drawn from a document, not a photo taken of someone: no consent to record.
        consent_given_by="",
        do_not_identify=False,
        # Files in protected media, served only under drawn_cover_is_public.
        drawn_cover=True,
        collection=document.collection,
    )
    image.file = ContentFile(png, name=f"cover-{document.pk}.png")
    image.save()
    image.tags.add(COVER_TAG)
    return image


def request_cover(document: Any) -> None:
    """Queue the drawing of ``document``'s cover once the transaction commits."""
    from .tasks import generate_cover_task

    if document is None or not is_pdf(document):
        return
    document_id = document.pk
    transaction.on_commit(lambda: generate_cover_task.enqueue(document_id))


# Set on a publication whose page is rendered while it is not public (a view
# restriction on it or above it): its drawn cover's files would answer 404.
COVER_WITHHELD = "_nkhr_drawn_cover_withheld"


def drawn_cover_is_public(image: Any) -> bool:
    """Whether anyone may have the drawn cover ``image`` (the rule, see the
    module docstring): its flags allow it, and at least one live, public
    publication carries the document it was drawn from. Two queries."""
    if not image.is_publicly_displayable():
        return False
    return (
        PublicationPage.objects.live()
        .public()
        .filter(document__generated_cover__image=image)
        .exists()
    )


def cover_for(publication: Any) -> ProtectedImage | None:
    """The picture a publication's card shows: the editor's cover image, else
    the cover drawn from its PDF if it may be shown; None means the
    typographic cover. Reads only what ``load_covers`` (or the home page's
    ``latest_publications``) loaded: listings hold only live, public
    publications, which is what ``drawn_cover_is_public`` asks of one of them."""
    if publication.cover_image is not None:
        return publication.cover_image
    document = publication.document
    cover = getattr(document, "generated_cover", None) if document else None
    if cover is None or not cover.image.is_publicly_displayable():
        return None
    if not publication.live or getattr(publication, COVER_WITHHELD, False):
        return None  # a preview or a private page: its cover is not public
    return cover.image


def load_covers(publications: Iterable[Any]) -> list[Any]:
    """Give publications loaded without ``select_related`` (an archive page,
    search hits, a campaign's timeline) what ``cover_for`` reads: the chosen
    cover image, the document with its generated cover, and the renditions of
    both. Four queries at most, whatever the number of publications."""
    from .home_sections import attach_renditions, publication_pictures

    items = list(publications)
    image_ids = {p.cover_image_id for p in items if p.cover_image_id}
    document_ids = {p.document_id for p in items if p.document_id}
    images = ProtectedImage.objects.in_bulk(image_ids) if image_ids else {}
    documents = (
        get_document_model()
        .objects.select_related("generated_cover__image")
        .in_bulk(document_ids)
        if document_ids
        else {}
    )
    for publication in items:
        if publication.cover_image_id in images:
            publication.cover_image = images[publication.cover_image_id]
        if publication.document_id in documents:
            publication.document = documents[publication.document_id]
    attach_renditions(publication_pictures(items))
    return items


def cover_file_names(images: Iterable[Any]) -> list[str]:
    """The stored names of the files of ``images`` and of their renditions."""
    image_ids = [image.pk for image in images if image.pk]
    if not image_ids:
        return []
    originals = ProtectedImage.objects.filter(pk__in=image_ids)
    renditions = ProtectedImage.get_rendition_model().objects.filter(
        image_id__in=image_ids
    )
    names = [
        *originals.values_list("file", flat=True),
        *renditions.values_list("file", flat=True),
    ]
    return [name for name in names if name]


def purge_cover_files(document_ids: Iterable[int | None]) -> None:
    """Ask the CDN in front (if any) to forget the drawn covers of
    ``document_ids``, originals and renditions, once the transaction commits:
    it may hold copies made while a publication carrying them was public."""
    ids = {pk for pk in document_ids if pk}
    if not ids:
        return

    def purge() -> None:
        images = ProtectedImage.objects.filter(
            drawn_cover=True,
            pk__in=PublicationCover.objects.filter(document_id__in=ids).values(
                "image_id"
            ),
        )
        _purge_names(cover_file_names(images))

    transaction.on_commit(purge)


def _purge_names(names: list[str]) -> None:
    from .media_access import purge_from_frontend_cache
    from .storage import consent_aware_storage

    storage = consent_aware_storage()
    if names and storage is not None:
        purge_from_frontend_cache(storage, names)


def purge_covers_under(page: Any) -> None:
    """Purge the drawn covers of the publications at or under ``page`` (its
    privacy changed)."""
    documents = (
        PublicationPage.objects.descendant_of(page, inclusive=True)
        .exclude(document=None)
        .values_list("document_id", flat=True)
    )
    purge_cover_files(documents)


def connect_signals() -> None:
    """Draw a cover when a publication with a PDF is published, and again when
    a document that has one gets another file; purge a cover from the CDN when
    a publication carrying it stops being public or changes its document, and
    when it is deleted."""
    from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
    from wagtail.signals import page_published, page_unpublished

    def on_publication_published(sender, instance, **kwargs: Any) -> None:
        request_cover(instance.document)

    def on_publication_unpublished(sender, instance, **kwargs: Any) -> None:
        # Also sent for a live page being deleted.
        purge_cover_files([instance.document_id])

    def on_publication_saving(
        sender, instance, raw=False, update_fields=None, **kwargs: Any
    ) -> None:
        # Publishing writes the page's row in full; drafts touch a few fields.
        if raw or instance.pk is None or update_fields is not None:
            return
        before = sender.objects.filter(pk=instance.pk).values("document_id").first()
        if before and before["document_id"] != instance.document_id:
            purge_cover_files([before["document_id"]])

    def on_cover_image_deleting(sender, instance, **kwargs: Any) -> None:
        if instance.drawn_cover:
            names = cover_file_names([instance])
            transaction.on_commit(lambda: _purge_names(names))

    def on_cover_deleted(sender, instance, **kwargs: Any) -> None:
        # The document is gone (or the image already): so is its cover image,
        # once the deletion is committed (not inside the image's own deletion).
        image_id = instance.image_id
        transaction.on_commit(
            lambda: ProtectedImage.objects.filter(
                pk=image_id, drawn_cover=True
            ).delete()
        )

    def on_document_saved(sender, instance, raw=False, **kwargs: Any) -> None:
        if not raw and PublicationCover.objects.filter(document=instance).exists():
            request_cover(instance)

    page_published.connect(
        on_publication_published,
        sender=PublicationPage,
        dispatch_uid="nkhr-publication-cover-published",
        weak=False,
    )
    post_save.connect(
        on_document_saved,
        sender=get_document_model(),
        dispatch_uid="nkhr-publication-cover-document-saved",
        weak=False,
    )
    page_unpublished.connect(
        on_publication_unpublished,
        sender=PublicationPage,
        dispatch_uid="nkhr-publication-cover-unpublished",
        weak=False,
    )
    pre_save.connect(
        on_publication_saving,
        sender=PublicationPage,
        dispatch_uid="nkhr-publication-cover-document-changed",
        weak=False,
    )
    pre_delete.connect(
        on_cover_image_deleting,
        sender=ProtectedImage,
        dispatch_uid="nkhr-publication-cover-image-deleting",
        weak=False,
    )
    post_delete.connect(
        on_cover_deleted,
        sender=PublicationCover,
        dispatch_uid="nkhr-publication-cover-deleted",
        weak=False,
    )
