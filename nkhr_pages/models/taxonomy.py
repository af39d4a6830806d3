"""Translatable snippets shared by several page types."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField


class PublicationTopic(TranslatableMixin, index.Indexed, models.Model):
    """A topic of the publication archive (e.g. enforced disappearances).

    The archive filters by slug; translations of one topic share a
    ``translation_key``, so a filter works whichever locale's topic a page uses.
    """

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        allow_unicode=True,
        help_text=_("Used in the archive's address, e.g. ?topic=forced-labour."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        # The admin's listing and chooser filter their search by locale.
        index.FilterField("locale"),
    ]
    translatable_fields = [TranslatableField("name"), SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("publication topic")
        verbose_name_plural = _("publication topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Outlet(TranslatableMixin, index.Indexed, models.Model):
    """A news outlet that covered NKHR (e.g. Radio Free Asia, Yonhap)."""

    name = models.CharField(_("name"), max_length=255)
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldPanel(
            "name", help_text=_("As the outlet writes it, e.g. 'Yonhap News Agency'.")
        ),
        FieldPanel("website"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        # The admin's listing and chooser filter their search by locale.
        index.FilterField("locale"),
    ]
    translatable_fields = [TranslatableField("name"), SynchronizedField("website")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("news outlet")
        verbose_name_plural = _("news outlets")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
