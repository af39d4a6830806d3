"""Media coverage: press clippings about NKHR, usually bulk-imported from CSV."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, TitleFieldPanel
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..conf import language_choices
from ..page_forms import LocaleScopedPageForm
from ..widgets import campaign_choices
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


class MediaCoveragePageForm(LocaleScopedPageForm):
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

    def clean(self):
        cleaned = super().clean()
        # A new article headline typed in the article's own language, in a
        # section of that language, is taken to be the outlet's own headline.
        if (
            not self.instance.pk
            and self.parent_page is not None
            and not cleaned.get("published_headline")
            and cleaned.get("title")
            and cleaned.get("article_language") == self.parent_page.locale.language_code
        ):
            cleaned["published_headline"] = cleaned["title"]
        return cleaned


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
    # The page title is the headline in the page's language, often a translation
    # (the organisation's records give Korean outlets' headlines in English);
    # the outlet's own words are kept apart so a translation is never passed off
    # as what the outlet wrote.
    published_headline = models.CharField(
        _("headline as published"),
        max_length=255,
        blank=True,
        help_text=_(
            "The outlet's own headline, in the language of the article. Leave "
            "empty when you only have a translation of it."
        ),
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
        FieldPanel("published_headline"),
        FieldPanel("summary"),
    ]
    relation_panels = [
        FieldPanel("related_campaigns", widget=campaign_choices()),
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
    # A headline pointing at another site's article: where a campaign, report
    # or event of the site matches as well, it comes first.
    search_rank_factor = 0.25
    translatable_fields = [
        *PAGE_TRANSLATABLE_FIELDS,
        TranslatableField("summary"),
        SynchronizedField("publication_date"),
        TranslatableField("outlet"),
        SynchronizedField("link"),
        SynchronizedField("article_language"),
        SynchronizedField("published_headline"),
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

    @property
    def shows_published_headline(self) -> bool:
        """True when this page can show the outlet's own headline: it is known
        and in the page's language. Otherwise the title is shown as a translation."""
        return bool(self.published_headline) and (
            self.locale.language_code == self.article_language
        )

    @property
    def headline(self) -> str:
        return self.published_headline if self.shows_published_headline else self.title

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
