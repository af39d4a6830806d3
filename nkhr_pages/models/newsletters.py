"""Newsletter issues: the bi-monthly Korean newsletter and the quarterly English FNN."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import NewsletterSectionsBlock


class NewsletterSeries(models.TextChoices):
    KOREAN_BIMONTHLY = (
        "ko_bimonthly",
        _("Bi-monthly North Korean Human Rights newsletter"),
    )
    ENGLISH_FNN = "en_fnn", _("FNN quarterly email newsletter")


class NewsletterIndexPage(Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    subpage_types = ["nkhr_pages.NewsletterIssuePage"]

    class Meta:
        verbose_name = _("newsletter index page")


class NewsletterIssuePage(Page):
    series = models.CharField(
        _("series"), max_length=20, choices=NewsletterSeries.choices
    )
    issue_number = models.PositiveIntegerField(_("issue number"))
    issue_date = models.DateField(_("date"))
    body = StreamField(
        NewsletterSectionsBlock(), blank=True, verbose_name=_("sections")
    )
    related_campaigns = ParentalManyToManyField(
        "nkhr_pages.CampaignPage",
        blank=True,
        related_name="newsletter_issues",
        verbose_name=_("related campaigns"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("series"),
        FieldPanel("issue_number"),
        FieldPanel("issue_date"),
        FieldPanel("body"),
        FieldPanel("related_campaigns"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.FilterField("series"),
        index.FilterField("issue_date"),
    ]
    parent_page_types = ["nkhr_pages.NewsletterIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("newsletter issue")
