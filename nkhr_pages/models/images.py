"""The site's image model, with a consent record for people who can be identified.

Many photos show North Korean defectors and their families: an image flagged
"do not identify", or whose consent has expired, must never reach a public page.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class ProtectedImage(AbstractImage):
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

    admin_form_fields = (
        *Image.admin_form_fields,
        "consent_given_by",
        "consent_expires_on",
        "do_not_identify",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def is_publicly_displayable(self, on_date=None) -> bool:
        """False when the image must be replaced by a placeholder on public pages."""
        if self.do_not_identify:
            return False
        if self.consent_expires_on is None:
            return True
        return self.consent_expires_on >= (on_date or timezone.localdate())


class ProtectedRendition(AbstractRendition):
    image = models.ForeignKey(
        ProtectedImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
