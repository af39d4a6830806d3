from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..blocks import BaseStreamBlock
from .base import (
    SUMMARY_BOOST,
    BasePage,
)


class StandardPage(BasePage):
    """A general content page (About, history, policies)."""

    introduction = models.TextField(_("introduction"), blank=True)
    hero_image = models.ForeignKey(
        "nkhr_pages.ProtectedImage",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction", boost=SUMMARY_BOOST),
        index.SearchField("body"),
    ]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("slug"),
        TranslatableField("introduction"),
        TranslatableField("body"),
        SynchronizedField("hero_image"),
    ]

    class Meta:
        verbose_name = _("standard page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A section page such as About links to the pages under it.
        context["subpages"] = self.get_children().live().public().specific()
        return context
