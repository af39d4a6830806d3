"""Programs: education, mentoring, scholarships, refugee support, awareness."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..blocks import BaseStreamBlock, ProgramSessionBlock, TestimonialBlock


class ProgramIndexPage(Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    subpage_types = ["nkhr_pages.ProgramPage"]

    class Meta:
        verbose_name = _("program index page")


class ProgramPage(Page):
    class Kind(models.TextChoices):
        EDUCATION = "education", _("Education")
        MENTORING = "mentoring", _("Mentoring")
        SCHOLARSHIP = "scholarship", _("Scholarship")
        REFUGEE_SUPPORT = "refugee_support", _("Refugee support")
        AWARENESS = "awareness", _("Awareness")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
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
    schedule = StreamField(
        [("session", ProgramSessionBlock())], blank=True, verbose_name=_("schedule")
    )
    testimonials = StreamField(
        [("testimonial", TestimonialBlock())],
        blank=True,
        verbose_name=_("testimonials"),
    )
    partners = models.TextField(_("partners"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        FieldPanel("schedule"),
        InlinePanel("yearly_figures", label=_("Participants per year")),
        FieldPanel("testimonials"),
        FieldPanel("partners"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["nkhr_pages.ProgramIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("program")


class ProgramYearFigure(Orderable):
    page = ParentalKey(
        ProgramPage, on_delete=models.CASCADE, related_name="yearly_figures"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    participants = models.PositiveIntegerField(_("participants"))
    sessions = models.PositiveIntegerField(_("sessions"), null=True, blank=True)

    panels = [FieldPanel("year"), FieldPanel("participants"), FieldPanel("sessions")]

    class Meta(Orderable.Meta):
        verbose_name = _("participant figure")
