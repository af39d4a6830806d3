"""The site's image model, with a consent record for people who can be identified.

Many photos show North Korean defectors and their families: an image flagged
"do not identify", or whose consent has expired, must never reach a public page.

Alt text: Wagtail's own ``description`` field is what Wagtail uses as alt text
(``default_alt_text``), so the admin form (``nkhr_pages.forms.ProtectedImageForm``)
requires it, and ``description_ko`` holds the Korean alt text. Images are not
per-locale objects in Wagtail (one file serves both language trees), so a second
field is simpler and safer than translating image rows.

Files: the files of an image that may not be shown to everyone, and of its
renditions, are kept out of public media (``nkhr_pages.storage``); see
``files_need_protection``.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    Image,
    ImageQuerySet,
)
from wagtail.search import index

from ..storage import PROTECTED_HINT


def files_need_protection(
    do_not_identify: bool,
    consent_expires_on: datetime.date | None,
    drawn_cover: bool = False,
) -> bool:
    """Whether an image's files belong in protected media.

    Images flagged "do not identify", and images with a consent end date at
    all: consent expires when a date passes, with no save to move the files
    then, so the check has to happen when each file is requested. Covers drawn
    from a publication's PDF too: they may be shown only while a live, public
    publication carries that PDF (``covers.drawn_cover_is_public``), and
    unpublishing saves no image."""
    return do_not_identify or consent_expires_on is not None or drawn_cover


class ProtectedImageQuerySet(ImageQuerySet):
    def consent_expiring(self, within_days: int = 30, today=None):
        """Images still shown whose consent ends within ``within_days``."""
        today = today or timezone.localdate()
        return self.filter(
            do_not_identify=False,
            consent_expires_on__gte=today,
            consent_expires_on__lte=today + datetime.timedelta(days=within_days),
        ).order_by("consent_expires_on")


class ProtectedImage(AbstractImage):
    description = models.CharField(
        _("alt text (English)"),
        max_length=255,
        blank=True,
        default="",
        # Blank in the database only so that Wagtail's multiple upload can save
        # the file first; every edit form then requires it.
        help_text=_(
            "Describe what the image shows for people who cannot see it. Required."
        ),
    )
    description_ko = models.CharField(
        _("alt text (Korean)"),
        max_length=255,
        blank=True,
        help_text=_("The same description in Korean; English is used when empty."),
    )
    consent_given_by = models.CharField(
        _("consent given by"),
        max_length=255,
        blank=True,
        help_text=_("Who agreed to this photo being published (a person or guardian)."),
    )
    consent_expires_on = models.DateField(
        _("consent expires on"),
        null=True,
        blank=True,
        help_text=_("Leave empty when consent does not expire."),
    )
    do_not_identify = models.BooleanField(
        _("do not identify"),
        default=False,
        help_text=_(
            "Shows people who must not be identified: "
            "the image is never shown publicly."
        ),
    )

    # Set by ``covers.generate_cover`` only: the first page of a publication's
    # PDF, as public as the live, public publications carrying that PDF.
    drawn_cover = models.BooleanField(
        _("drawn publication cover"),
        default=False,
        editable=False,
        help_text=_(
            "Drawn from a publication's PDF: shown only while a live, public "
            "publication carries that PDF."
        ),
    )

    admin_form_fields = (
        *Image.admin_form_fields,
        "description_ko",
        "consent_given_by",
        "consent_expires_on",
        "do_not_identify",
    )

    # The choosers leave out images without alt text (see wagtail_hooks).
    search_fields = [
        *AbstractImage.search_fields,
        index.FilterField("description"),
        # The image chooser leaves drawn covers out, searching or not.
        index.FilterField("drawn_cover"),
    ]

    objects = ProtectedImageQuerySet.as_manager()

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        # The protected media view finds the image by the file's name.
        indexes = [models.Index(fields=["file"], name="nkhr_image_file_idx")]

    def get_upload_to(self, filename):
        name = super().get_upload_to(filename)
        return PROTECTED_HINT + name if self.needs_protected_files() else name

    def is_publicly_displayable(self, on_date=None) -> bool:
        """False when the image must be replaced by a placeholder on public pages.

        Its flags only: a drawn cover is also bound to its publications
        (``covers.drawn_cover_is_public``, checked for each file request;
        listings show only live, public publications)."""
        if self.do_not_identify:
            return False
        if self.consent_expires_on is None:
            return True
        return self.consent_expires_on >= (on_date or timezone.localdate())

    def needs_protected_files(self) -> bool:
        return files_need_protection(
            self.do_not_identify, self.consent_expires_on, self.drawn_cover
        )

    def has_protected_files(self) -> bool:
        """True when the files are (to be) kept in protected media: by the rule,
        or because the original is there still (a move back not done yet)."""
        if self.needs_protected_files():
            return True
        is_protected = getattr(self.file.storage, "is_protected", None)
        return bool(self.file.name and is_protected and is_protected(self.file.name))

    def alt_text_for(self, language_code: str | None = None) -> str:
        language_code = language_code or get_language() or "en"
        if language_code.startswith("ko") and self.description_ko:
            return self.description_ko
        return self.description or self.title


class ProtectedRendition(AbstractRendition):
    image = models.ForeignKey(
        ProtectedImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
        indexes = [models.Index(fields=["file"], name="nkhr_rendition_file_idx")]

    def get_upload_to(self, filename):
        # Beside the original: a rendition shows the same person.
        name = super().get_upload_to(filename)
        return PROTECTED_HINT + name if self.image.has_protected_files() else name
