"""Media coverage: press clippings about NKHR, usually bulk-imported from CSV."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index


class MediaCoverageIndexPage(Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    subpage_types = ["nkhr_pages.MediaCoveragePage"]

    class Meta:
        verbose_name = _("media coverage index page")


class MediaCoveragePage(Page):
    """One article; the page title is the headline."""

    publication_date = models.DateField(_("date"))
    outlet = models.ForeignKey(
        "nkhr_pages.Outlet",
        verbose_name=_("outlet"),
        on_delete=models.PROTECT,
        related_name="coverage",
    )
    link = models.URLField(_("link to the article"), max_length=1000, blank=True)
    article_language = models.CharField(
        _("language of the article"), max_length=8, default="ko"
    )
    summary = models.TextField(_("summary"), blank=True)
    related_campaigns = ParentalManyToManyField(
        "nkhr_pages.CampaignPage",
        blank=True,
        related_name="media_coverage",
        verbose_name=_("related campaigns"),
    )
    related_publication = models.ForeignKey(
        "nkhr_pages.PublicationPage",
        verbose_name=_("related publication"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="media_coverage",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("publication_date"),
        FieldPanel("outlet"),
        FieldPanel("link"),
        FieldPanel("article_language"),
        FieldPanel("summary"),
        FieldPanel("related_campaigns"),
        FieldPanel("related_publication"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("publication_date"),
    ]
    parent_page_types = ["nkhr_pages.MediaCoverageIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("media coverage")
        verbose_name_plural = _("media coverage")
