"""Campaigns: advocacy and awareness work with goals, outcomes and a timeline."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..blocks import BaseStreamBlock, GoalsAndOutcomesBlock
from ..dates import PartialDateMixin, date_precision_field
from .base import (
    PAGE_TRANSLATABLE_FIELDS,
    SUMMARY_BOOST,
    BaseIndexPage,
    BasePage,
    SiteSearchMixin,
    tabbed_panels,
)


class CampaignIndexPage(BaseIndexPage):
    """Lists campaigns, ongoing first."""

    subpage_types = ["nkhr_pages.CampaignPage"]

    class Meta:
        verbose_name = _("campaign index page")

    def get_context(self, request, *args, **kwargs):
        from ..queries import campaign_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(campaign_listing(self, request))
        return context


class CampaignPage(PartialDateMixin, SiteSearchMixin, BasePage):
    """A campaign; its timeline fills itself from the pages that link to it."""

    class Status(models.TextChoices):
        ONGOING = "ongoing", _("Ongoing")
        CONCLUDED = "concluded", _("Concluded")

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ONGOING
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the campaign is ongoing."),
    )
    date_precision = date_precision_field()
    partial_date_fields = ("start_date", "end_date")
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("Two or three sentences for lists, feeds and search results."),
    )
    hero_image = models.ForeignKey(
        "nkhr_pages.ProtectedImage",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))
    goals_and_outcomes = StreamField(
        GoalsAndOutcomesBlock(),
        blank=True,
        verbose_name=_("goals and outcomes"),
        help_text=_(
            "What the campaign set out to do and what it achieved, e.g. "
            "'12' + 'major media outlets covered the report'."
        ),
    )
    # Pages that take part in the campaign timeline point here through their own
    # ``related_campaigns`` field (publications, media coverage, newsletters, events).
    donation_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("donation page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where the campaign's 'Donate' call to action leads."),
    )
    signup_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("sign-up page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where 'Sign up' leads, e.g. the newsletter subscription page."),
    )
    share_text = models.CharField(
        _("share text"),
        max_length=200,
        blank=True,
        help_text=_("Suggested words when visitors share the campaign."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    detail_panels = [
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("date_precision"),
            ],
            heading=_("Status and dates"),
        ),
        FieldPanel("goals_and_outcomes"),
        MultiFieldPanel(
            [
                FieldPanel("donation_page"),
                FieldPanel("signup_page"),
                FieldPanel("share_text"),
            ],
            heading=_("Call to action"),
        ),
    ]
    edit_handler = tabbed_panels(content_panels, detail_panels)

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=SUMMARY_BOOST),
        index.SearchField("body"),
        index.SearchField("goals_and_outcomes"),
        index.AutocompleteField("summary"),
        index.FilterField("status"),
        index.FilterField("start_date"),
    ]
    search_facet_label = _("Campaigns")
    content_date_field = "start_date"
    translatable_fields = [
        *PAGE_TRANSLATABLE_FIELDS,
        TranslatableField("summary"),
        TranslatableField("body"),
        TranslatableField("goals_and_outcomes"),
        TranslatableField("share_text"),
        SynchronizedField("status"),
        SynchronizedField("start_date"),
        SynchronizedField("end_date"),
        SynchronizedField("date_precision"),
        SynchronizedField("hero_image"),
        SynchronizedField("donation_page"),
        SynchronizedField("signup_page"),
    ]
    parent_page_types = ["nkhr_pages.CampaignIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("campaign")

    def get_context(self, request, *args, **kwargs):
        from ..covers import load_covers
        from ..queries import campaign_timeline

        context = super().get_context(request, *args, **kwargs)
        entries = campaign_timeline(self)
        load_covers(e.page for e in entries if e.kind == "publication")
        # Each linked page is shown once: media coverage in its own compact
        # list (newest first), everything else on the timeline.
        context["timeline"] = [e for e in entries if e.kind != "media_coverage"]
        context["related_coverage"] = [
            e.page for e in reversed(entries) if e.kind == "media_coverage"
        ]
        return context

    @property
    def timeline_date(self):
        return self.start_date
