from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..home_blocks import HomeStreamBlock
from .base import (
    SUMMARY_BOOST,
    BasePage,
)


class HomePage(BasePage):
    """The root of each language tree (``/en/``, ``/ko/``)."""

    tagline = models.CharField(_("tagline"), max_length=255, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    hero_image = models.ForeignKey(
        "nkhr_pages.ProtectedImage",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(
        HomeStreamBlock(),
        blank=True,
        verbose_name=_("body"),
        help_text=_(
            "The home page's sections, in the order visitors see them: hero, "
            "campaigns, publications, media coverage, figures, donation, newsletter."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("tagline"),
        FieldPanel("introduction"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("tagline"),
        index.SearchField("introduction", boost=SUMMARY_BOOST),
        index.SearchField("body"),
    ]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("slug"),
        TranslatableField("tagline"),
        TranslatableField("introduction"),
        TranslatableField("body"),
        SynchronizedField("hero_image"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from ..home_sections import prepare_sections  # it imports the models

        context = super().get_context(request, *args, **kwargs)
        # Lazy: when the sections' HTML is cached (home_page.html) nothing is queried.
        context["home_sections"] = SimpleLazyObject(
            lambda: prepare_sections(self.body, self.locale_id)
        )
        # A composed page starts with its hero; older ones show title and tagline.
        context["has_hero"] = any(
            item.get("type") == "hero" for item in self.body.raw_data
        )
        return context
