"""Publication covers made from the first page of a PDF.

Kept beside the document, not on the page: a cover is a function of the file,
both language trees may carry the same PDF, and the background job must never
write page fields (a later revision, published from an older form, would undo
it)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string


class PublicationCover(models.Model):
    """The cover image generated from a document's first page."""

    document = models.OneToOneField(
        get_document_model_string(),
        on_delete=models.CASCADE,
        related_name="generated_cover",
        verbose_name=_("document"),
    )
    image = models.ForeignKey(
        "nkhr_pages.ProtectedImage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("image"),
    )
    # SHA-256 of the PDF the image was drawn from: another file, another cover.
    source_hash = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("generated publication cover")
        verbose_name_plural = _("generated publication covers")

    def __str__(self) -> str:
        return str(self.document)
