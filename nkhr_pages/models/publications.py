"""Publications: research reports, activity reports, UN submissions, statements."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..blocks import BaseStreamBlock
from ..dates import PartialDateMixin, date_precision_field
from ..panels import DocumentTextPanel
from ..widgets import campaign_choices, topic_choices
from .base import (
    PAGE_TRANSLATABLE_FIELDS,
    SUMMARY_BOOST,
    BaseIndexPage,
    BasePage,
    SiteSearchMixin,
    tabbed_panels,
)
from .documents import DocumentTextMixin


class PublicationType(models.TextChoices):
    RESEARCH_REPORT = "research_report", _("Research report")
    ACTIVITY_REPORT = "activity_report", _("Activity report")
    UN_SUBMISSION = "un_submission", _("Submission to the UN")
    STATEMENT = "statement", _("Statement")
    NEWSLETTER_ARCHIVE = "newsletter_archive", _("Newsletter archive")


class PublicationIndexPage(BaseIndexPage):
    """The publication archive: filter by type, topic and year."""

    subpage_types = ["nkhr_pages.PublicationPage"]

    class Meta:
        verbose_name = _("publication archive")

    def get_context(self, request, *args, **kwargs):
        from ..queries import publication_archive

        context = super().get_context(request, *args, **kwargs)
        context.update(publication_archive(self, request))
        return context


class PublicationPage(PartialDateMixin, DocumentTextMixin, SiteSearchMixin, BasePage):
    """One report, submission or statement, with its PDF (whose text is searched)."""

    PublicationType = PublicationType

    publication_type = models.CharField(
        _("type"), max_length=32, choices=PublicationType.choices
    )
    publication_date = models.DateField(_("publication date"))
    date_precision = date_precision_field()
    partial_date_fields = ("publication_date",)
    authors = models.CharField(
        _("authors"),
        max_length=500,
        blank=True,
        help_text=_("People or organisations, separated by commas."),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("Two or three sentences for lists, feeds and search results."),
    )
    cover_image = models.ForeignKey(
        "nkhr_pages.ProtectedImage",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # One PDF per language: the field is synchronised but overridable, so the
    # Korean translation can point at the Korean PDF.
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
        "nkhr_pages.PublicationTopic",
        blank=True,
        verbose_name=_("topics"),
        related_name="publications",
    )
    page_count = models.PositiveIntegerField(
        _("number of pages"), null=True, blank=True
    )
    citation = models.TextField(
        _("citation"),
        blank=True,
        help_text=_("How to cite this publication, shown with a copy button."),
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))
    related_campaigns = ParentalManyToManyField(
        "nkhr_pages.CampaignPage",
        blank=True,
        related_name="publications",
        verbose_name=_("related campaigns"),
        help_text=_("The publication appears on these campaigns' timelines."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
    ]
    detail_panels = [
        MultiFieldPanel(
            [
                FieldPanel("publication_type"),
                FieldPanel("publication_date"),
                FieldPanel("date_precision"),
                FieldPanel("authors"),
                FieldPanel("page_count"),
            ],
            heading=_("Publication details"),
        ),
        FieldPanel("document"),
        DocumentTextPanel(),
        FieldPanel("topics", widget=topic_choices()),
        FieldPanel("citation"),
    ]
    relation_panels = [FieldPanel("related_campaigns", widget=campaign_choices())]
    edit_handler = tabbed_panels(content_panels, detail_panels, relation_panels)

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=SUMMARY_BOOST),
        index.SearchField("authors"),
        index.SearchField("citation"),
        index.SearchField("body"),
        # "Report", "Submission": what researchers add to a title they recall.
        index.SearchField("publication_type_label"),
        # The PDF's text (DocumentTextMixin), read in the background.
        index.SearchField("document_text"),
        index.AutocompleteField("authors"),
        index.FilterField("publication_type"),
        index.FilterField("publication_date"),
        index.FilterField("topics"),
        index.RelatedFields(
            "topics",
            [
                index.SearchField("name"),
                index.FilterField("slug"),
                index.FilterField("translation_key"),
            ],
        ),
    ]
    search_facet_label = _("Publications")
    content_date_field = "publication_date"
    search_snippet_excluded_fields = ("publication_type_label",)

    def publication_type_label(self) -> str:
        """The kind of publication in the page's own language (Research report,
        조사 보고서), as the search index holds it."""
        with translation.override(self.locale.language_code):
            return str(self.get_publication_type_display())

    translatable_fields = [
        *PAGE_TRANSLATABLE_FIELDS,
        TranslatableField("summary"),
        TranslatableField("authors"),
        TranslatableField("citation"),
        TranslatableField("body"),
        SynchronizedField("publication_type"),
        SynchronizedField("publication_date"),
        SynchronizedField("date_precision"),
        SynchronizedField("page_count"),
        SynchronizedField("cover_image"),
        SynchronizedField("document", overridable=True),
        SynchronizedField("topics"),
        SynchronizedField("related_campaigns"),
    ]
    parent_page_types = ["nkhr_pages.PublicationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("publication")

    @classmethod
    def get_indexed_objects(cls):
        # Wagtail's search prefetches related fields, but not a
        # ParentalManyToManyField: without this, indexing asked for the topics
        # once per page and indexed field (five queries per publication).
        return super().get_indexed_objects().prefetch_related("topics")

    def get_context(self, request, *args, **kwargs):
        from ..covers import COVER_WITHHELD, load_covers
        from ..queries import localize_topics

        context = super().get_context(request, *args, **kwargs)
        localize_topics([self], self.locale_id)
        load_covers([self])
        if self.document_id and self.get_view_restrictions().exists():
            # Visitors who may see a private page still may not have its
            # drawn cover (covers.drawn_cover_is_public): the typographic one.
            setattr(self, COVER_WITHHELD, True)
        return context

    @property
    def timeline_date(self):
        return self.publication_date

    # Site search shows the cover beside a publication's hit (search/).
    search_result_media = "nkhr_pages/includes/publication_search_media.html"

    @staticmethod
    def prepare_listing(publications: list[PublicationPage]) -> None:
        """Load the covers of publications listed together (search hits) in
        bulk; the search app calls this for any page type that has it."""
        from ..covers import load_covers

        load_covers(publications)
