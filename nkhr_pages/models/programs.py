"""Programs: education, mentoring, scholarships, refugee support, awareness."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..blocks import (
    BaseStreamBlock,
    PartnerBlock,
    ProgramSessionBlock,
    TestimonialBlock,
)
from .base import (
    PAGE_TRANSLATABLE_FIELDS,
    SUMMARY_BOOST,
    BaseIndexPage,
    BasePage,
    SiteSearchMixin,
    tabbed_panels,
)


class ProgramIndexPage(BaseIndexPage):
    """Lists programs, filterable by kind."""

    subpage_types = ["nkhr_pages.ProgramPage"]

    class Meta:
        verbose_name = _("program index page")

    def get_context(self, request, *args, **kwargs):
        from ..queries import program_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(program_listing(self, request))
        return context


class ProgramPage(SiteSearchMixin, BasePage):
    """A long-running program such as the Hanawon weekend school."""

    class Kind(models.TextChoices):
        EDUCATION = "education", _("Education")
        MENTORING = "mentoring", _("Mentoring")
        SCHOLARSHIP = "scholarship", _("Scholarship")
        REFUGEE_SUPPORT = "refugee_support", _("Refugee support")
        DEFECTOR_SUPPORT = "defector_support", _("Support for vulnerable defectors")
        AWARENESS = "awareness", _("Awareness")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("Two or three sentences for lists and search results."),
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
    schedule = StreamField(
        [("session", ProgramSessionBlock())],
        blank=True,
        verbose_name=_("schedule"),
        help_text=_("Dated sessions, shown as a table in date order."),
    )
    testimonials = StreamField(
        [("testimonial", TestimonialBlock())],
        blank=True,
        verbose_name=_("testimonials"),
        help_text=_("Reflections of mentors and mentees; names are optional."),
    )
    partners = StreamField(
        [("partner", PartnerBlock())], blank=True, verbose_name=_("partners")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    detail_panels = [
        FieldPanel("schedule"),
        InlinePanel(
            "yearly_figures",
            heading=_("Participants per year"),
            label=_("Year"),
        ),
        FieldPanel("testimonials"),
        FieldPanel("partners"),
    ]
    edit_handler = tabbed_panels(content_panels, detail_panels)

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=SUMMARY_BOOST),
        index.SearchField("body"),
        index.SearchField("testimonials"),
        index.FilterField("kind"),
    ]
    search_facet_label = _("Programs")
    translatable_fields = [
        *PAGE_TRANSLATABLE_FIELDS,
        TranslatableField("summary"),
        TranslatableField("body"),
        TranslatableField("schedule"),
        TranslatableField("testimonials"),
        TranslatableField("partners"),
        SynchronizedField("kind"),
        SynchronizedField("hero_image"),
        SynchronizedField("yearly_figures"),
    ]
    parent_page_types = ["nkhr_pages.ProgramIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("program")

    @property
    def sessions_by_date(self) -> list:
        """The schedule in date order, whatever order editors entered it in."""
        return sorted(self.schedule, key=lambda block: block.value["date"])

    # The schedule and figure tables show a column only when some row fills it.
    @property
    def schedule_has_locations(self) -> bool:
        return any(block.value.get("location") for block in self.schedule)

    @property
    def schedule_has_participants(self) -> bool:
        return any(
            block.value.get("participants") is not None for block in self.schedule
        )

    @property
    def figures_have_participants(self) -> bool:
        return any(
            figure.participants is not None for figure in self.yearly_figures.all()
        )

    @property
    def figures_have_sessions(self) -> bool:
        return any(figure.sessions is not None for figure in self.yearly_figures.all())


class ProgramYearFigure(Orderable):
    """How many people a program reached in one year (numbers are synchronised)."""

    page = ParentalKey(
        ProgramPage, on_delete=models.CASCADE, related_name="yearly_figures"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    participants = models.PositiveIntegerField(
        _("participants"),
        null=True,
        blank=True,
        help_text=_("Leave empty when only the number of sessions is known."),
    )
    sessions = models.PositiveIntegerField(_("sessions"), null=True, blank=True)

    panels = [FieldPanel("year"), FieldPanel("participants"), FieldPanel("sessions")]

    class Meta(Orderable.Meta):
        verbose_name = _("participant figure")
