"""Events: conferences, concerts, screenings (e.g. the 2024 Healing Concert)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..blocks import BaseStreamBlock
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


class EventIndexPage(BaseIndexPage):
    """Upcoming events first, then past ones."""

    subpage_types = ["nkhr_pages.EventPage"]

    class Meta:
        verbose_name = _("event index page")

    def get_context(self, request, *args, **kwargs):
        from ..queries import event_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(event_listing(self, request))
        return context


class EventPage(PartialDateMixin, SiteSearchMixin, BasePage):
    """A conference, concert or symposium."""

    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    date_precision = date_precision_field()
    partial_date_fields = ("start_date", "end_date")
    location = models.CharField(_("location"), max_length=255, blank=True)
    organisers = models.CharField(
        _("organisers"),
        max_length=500,
        blank=True,
        help_text=_("Hosts and partners, e.g. 'Ministry of Unification, NKHR'."),
    )
    summary = models.TextField(_("summary"), blank=True)
    hero_image = models.ForeignKey(
        "nkhr_pages.ProtectedImage",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))
    related_campaigns = ParentalManyToManyField(
        "nkhr_pages.CampaignPage",
        blank=True,
        related_name="events",
        verbose_name=_("related campaigns"),
        help_text=_("The event appears on these campaigns' timelines."),
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
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("date_precision"),
                FieldPanel("location"),
                FieldPanel("organisers"),
            ],
            heading=_("When and where"),
        )
    ]
    relation_panels = [FieldPanel("related_campaigns", widget=campaign_choices())]
    edit_handler = tabbed_panels(content_panels, detail_panels, relation_panels)

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=SUMMARY_BOOST),
        index.SearchField("location"),
        index.SearchField("body"),
        index.FilterField("start_date"),
    ]
    search_facet_label = _("Events")
    content_date_field = "start_date"
    translatable_fields = [
        *PAGE_TRANSLATABLE_FIELDS,
        TranslatableField("summary"),
        TranslatableField("location"),
        TranslatableField("organisers"),
        TranslatableField("body"),
        SynchronizedField("start_date"),
        SynchronizedField("end_date"),
        SynchronizedField("date_precision"),
        SynchronizedField("hero_image"),
        SynchronizedField("related_campaigns"),
    ]
    parent_page_types = ["nkhr_pages.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event")

    @property
    def timeline_date(self):
        return self.start_date
