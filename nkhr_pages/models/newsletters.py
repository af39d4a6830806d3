"""Newsletter issues: the bi-monthly Korean newsletter and the quarterly English FNN."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..blocks import NewsletterSectionsBlock
from ..dates import PartialDateMixin, date_precision_field
from ..widgets import campaign_choices
from .base import (
    PAGE_TRANSLATABLE_FIELDS,
    SUMMARY_BOOST,
    BaseIndexPage,
    BasePage,
    SiteSearchMixin,
    tabbed_panels,
)


class NewsletterSeries(models.TextChoices):
    KOREAN_BIMONTHLY = (
        "ko_bimonthly",
        _("Bi-monthly North Korean Human Rights newsletter"),
    )
    ENGLISH_FNN = "en_fnn", _("FNN quarterly email newsletter")


class NewsletterIndexPage(BaseIndexPage):
    """Lists newsletter issues, newest first, filterable by series."""

    subpage_types = ["nkhr_pages.NewsletterIssuePage"]

    class Meta:
        verbose_name = _("newsletter index page")

    def get_context(self, request, *args, **kwargs):
        from ..queries import newsletter_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(newsletter_listing(self, request))
        return context


class NewsletterIssuePage(PartialDateMixin, SiteSearchMixin, BasePage):
    """One issue; sections can pull in published campaign and publication pages."""

    series = models.CharField(
        _("series"), max_length=20, choices=NewsletterSeries.choices
    )
    issue_number = models.PositiveIntegerField(
        _("issue number"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the issue carries no number."),
    )
    issue_date = models.DateField(_("date"))
    date_precision = date_precision_field()
    partial_date_fields = ("issue_date",)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("What this issue is about, briefly.")
    )
    body = StreamField(
        NewsletterSectionsBlock(),
        blank=True,
        verbose_name=_("sections"),
        help_text=_(
            "Foreword, activity news, media reports, forum and opinion, testimonies. "
            "Each section can feature published pages."
        ),
    )
    related_campaigns = ParentalManyToManyField(
        "nkhr_pages.CampaignPage",
        blank=True,
        related_name="newsletter_issues",
        verbose_name=_("related campaigns"),
        help_text=_("The issue appears on these campaigns' timelines."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("series"),
                FieldRowPanel([FieldPanel("issue_number"), FieldPanel("issue_date")]),
                FieldPanel("date_precision"),
            ],
            heading=_("Issue"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    relation_panels = [FieldPanel("related_campaigns", widget=campaign_choices())]
    edit_handler = tabbed_panels(content_panels, relations=relation_panels)

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=SUMMARY_BOOST),
        index.SearchField("body"),
        index.FilterField("series"),
        index.FilterField("issue_date"),
    ]
    search_facet_label = _("Newsletters")
    content_date_field = "issue_date"
    translatable_fields = [
        *PAGE_TRANSLATABLE_FIELDS,
        TranslatableField("summary"),
        TranslatableField("body"),
        SynchronizedField("series"),
        SynchronizedField("issue_number"),
        SynchronizedField("issue_date"),
        SynchronizedField("date_precision"),
        SynchronizedField("related_campaigns"),
    ]
    parent_page_types = ["nkhr_pages.NewsletterIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("newsletter issue")

    @property
    def timeline_date(self):
        return self.issue_date
