"""Media coverage: press clippings about NKHR, usually bulk-imported from CSV."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, TitleFieldPanel
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..conf import language_choices
from .base import (
    PAGE_TRANSLATABLE_FIELDS,
    SUMMARY_BOOST,
    BaseIndexPage,
    BasePage,
    SiteSearchMixin,
    tabbed_panels,
)


class MediaCoverageIndexPage(BaseIndexPage):
    """Clippings grouped by year, filtered by outlet."""

    subpage_types = ["nkhr_pages.MediaCoveragePage"]

    class Meta:
        verbose_name = _("media coverage index page")

    def get_context(self, request, *args, **kwargs):
        from ..queries import media_coverage_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(media_coverage_listing(self, request))
        return context


class MediaCoveragePageForm(WagtailAdminPageForm):
    """A new article's language starts as its section's: an English section
    mostly lists English articles, the Korean one Korean articles."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("article_language")
        if field is None or self.instance.pk or self.parent_page is None:
            return
        language = self.parent_page.locale.language_code
        if language in dict(settings.LANGUAGES):
            self.initial["article_language"] = language


class MediaCoveragePage(SiteSearchMixin, BasePage):
    """One article; the page title is the headline."""

    publication_date = models.DateField(_("date"))
    outlet = models.ForeignKey(
        "nkhr_pages.Outlet",
        verbose_name=_("outlet"),
        on_delete=models.PROTECT,
        related_name="coverage",
    )
    link = models.URLField(
        _("link to the article"),
        max_length=1000,
        blank=True,
        help_text=_("The article on the outlet's site."),
    )
    article_language = models.CharField(
        _("language of the article"),
        max_length=8,
        choices=language_choices,
        default="ko",
    )
    summary = models.TextField(_("summary"), blank=True)
    related_campaigns = ParentalManyToManyField(
        "nkhr_pages.CampaignPage",
        blank=True,
        related_name="media_coverage",
        verbose_name=_("related campaigns"),
        help_text=_("The article appears on these campaigns' timelines."),
    )
    related_publication = models.ForeignKey(
        "nkhr_pages.PublicationPage",
        verbose_name=_("related publication"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="media_coverage",
        help_text=_("The report or statement the article is about, if any."),
    )

    content_panels = [
        # TitleFieldPanel fills the slug from the headline as the editor types.
        TitleFieldPanel("title", heading=_("Headline")),
        FieldPanel("publication_date"),
        FieldPanel("outlet"),
        FieldPanel("link"),
        FieldPanel("article_language"),
        FieldPanel("summary"),
    ]
    relation_panels = [
        FieldPanel("related_campaigns"),
        FieldPanel("related_publication"),
    ]
    edit_handler = tabbed_panels(content_panels, relations=relation_panels)
    base_form_class = MediaCoveragePageForm
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=SUMMARY_BOOST),
        index.RelatedFields("outlet", [index.SearchField("name")]),
        index.FilterField("publication_date"),
        index.FilterField("outlet"),
        index.FilterField("article_language"),
    ]
    search_facet_label = _("Media coverage")
    content_date_field = "publication_date"
    translatable_fields = [
        *PAGE_TRANSLATABLE_FIELDS,
        TranslatableField("summary"),
        SynchronizedField("publication_date"),
        TranslatableField("outlet"),
        SynchronizedField("link"),
        SynchronizedField("article_language"),
        SynchronizedField("related_campaigns"),
        SynchronizedField("related_publication"),
    ]
    parent_page_types = ["nkhr_pages.MediaCoverageIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("media coverage")
        verbose_name_plural = _("media coverage")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["headline_language"] = self.headline_language()
        return context

    @property
    def timeline_date(self):
        return self.publication_date

    def headline_language(self) -> str:
        """The language of the headline shown: the page's own (a translated
        headline), unless the translation kept the original one word for word,
        which is then in the article's language."""
        own = self.locale.language_code
        if own == self.article_language:
            return own
        original = (
            self.get_translations()
            .filter(locale__language_code=self.article_language)
            .values_list("title", flat=True)
            .first()
        )
        return self.article_language if original == self.title else own
