"""Publications: research reports, activity reports, UN submissions, statements."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BaseStreamBlock


class PublicationIndexPage(Page):
    """The publication archive."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    subpage_types = ["nkhr_pages.PublicationPage"]

    class Meta:
        verbose_name = _("publication archive")


class PublicationPage(Page):
    class PublicationType(models.TextChoices):
        RESEARCH_REPORT = "research_report", _("Research report")
        ACTIVITY_REPORT = "activity_report", _("Activity report")
        UN_SUBMISSION = "un_submission", _("Submission to the UN")
        STATEMENT = "statement", _("Statement")
        NEWSLETTER_ARCHIVE = "newsletter_archive", _("Newsletter archive")

    publication_type = models.CharField(
        _("type"), max_length=32, choices=PublicationType.choices
    )
    publication_date = models.DateField(_("publication date"))
    authors = models.CharField(_("authors"), max_length=500, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    cover_image = models.ForeignKey(
        "nkhr_pages.ProtectedImage",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("PDF document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The PDF in this page's language."),
    )
    topics = ParentalManyToManyField(
        "nkhr_pages.PublicationTopic", blank=True, verbose_name=_("topics")
    )
    page_count = models.PositiveIntegerField(
        _("number of pages"), null=True, blank=True
    )
    citation = models.TextField(_("citation"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))
    related_campaigns = ParentalManyToManyField(
        "nkhr_pages.CampaignPage",
        blank=True,
        related_name="publications",
        verbose_name=_("related campaigns"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("publication_type"),
        FieldPanel("publication_date"),
        FieldPanel("authors"),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("document"),
        FieldPanel("topics"),
        FieldPanel("page_count"),
        FieldPanel("citation"),
        FieldPanel("body"),
        FieldPanel("related_campaigns"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("authors"),
        index.SearchField("body"),
        index.FilterField("publication_type"),
        index.FilterField("publication_date"),
    ]
    parent_page_types = ["nkhr_pages.PublicationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("publication")
