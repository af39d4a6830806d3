"""The translation status report (Reports menu), with spreadsheet export."""

from __future__ import annotations

import datetime
from collections import OrderedDict

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, StatusFlagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permissions import page_permission_policy

from nkhr_pages.csv_export import EscapedCsvExportMixin

from ..filters import TranslationStatusFilterSet
from ..roles import source_locale, target_locales
from ..status import (
    TranslationStatus,
    annotate_translation_status,
    field_name,
    source_pages,
)

STATUS_LABELS = dict(TranslationStatus.choices)


class LocaleStatusColumn(Column):
    """Status of the row's page in one locale, with its untranslated segments."""

    cell_template_name = "nkhr_translation/report/status_cell.html"

    def __init__(self, locale, **kwargs):
        self.locale = locale
        super().__init__(
            field_name(locale, "status"),
            label=locale.get_display_name(),
            sort_key=field_name(locale, "status"),
            **kwargs,
        )

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        status = getattr(instance, field_name(self.locale, "status"))
        page_id = getattr(instance, field_name(self.locale, "page_id"))
        context.update(
            {
                "status": status,
                "status_label": STATUS_LABELS.get(status, status),
                "untranslated": getattr(
                    instance, field_name(self.locale, "untranslated")
                ),
                "edit_url": reverse("wagtailadmin_pages:edit", args=[page_id])
                if page_id
                else "",
            }
        )
        return context


class TranslationStatusReportView(EscapedCsvExportMixin, ReportView):
    """Every source page with its status per target locale (Reports menu)."""

    page_title = _("Translation status")
    header_icon = "wagtail-localize-language"
    index_url_name = "nkhr_translation:status_report"
    index_results_url_name = "nkhr_translation:status_report_results"
    results_template_name = "nkhr_translation/report/results.html"
    filterset_class = TranslationStatusFilterSet
    default_ordering = "path"
    permission_policy = page_permission_policy
    any_permission_required = ["add", "change", "publish"]

    def get_filename(self) -> str:
        return f"translation-status-{datetime.date.today():%Y-%m-%d}"

    @cached_property
    def locales(self):
        if self.filters and self.filters.is_valid():
            return self.filters.selected_locales()
        return target_locales()

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Title"),
                url_name="wagtailadmin_pages:edit",
                sort_key="title",
            ),
            Column(
                "page_type",
                label=_("Page type"),
                accessor=lambda page: (
                    page.content_type.model_class()._meta.verbose_name
                    if page.content_type.model_class()
                    else page.content_type.model
                ),
            ),
            DateColumn(
                "last_published_at",
                label=_("Source published"),
                sort_key="last_published_at",
            ),
            StatusFlagColumn(
                "needs_sync", label=_("Changed since sync"), true_label=_("Sync needed")
            ),
            *[LocaleStatusColumn(locale) for locale in self.locales],
        ]

    def get_valid_orderings(self):
        return [*super().get_valid_orderings(), "path"]

    def get_base_queryset(self):
        return annotate_translation_status(
            source_pages(source_locale()), target_locales()
        )

    # Spreadsheet export: one status and one count column per locale.
    @property
    def list_export(self):
        fields = ["title", "url_path", "page_type", "last_published_at", "needs_sync"]
        for locale in self.locales:
            fields += [field_name(locale, "status"), field_name(locale, "untranslated")]
        return fields

    @property
    def export_headings(self):
        headings = {
            "title": _("Title"),
            "url_path": _("Path"),
            "page_type": _("Page type"),
            "last_published_at": _("Source published"),
            "needs_sync": _("Changed since sync"),
        }
        for locale in self.locales:
            name = locale.get_display_name()
            headings[field_name(locale, "status")] = _("%(locale)s status") % {
                "locale": name
            }
            headings[field_name(locale, "untranslated")] = _(
                "%(locale)s untranslated segments"
            ) % {"locale": name}
        return headings

    def to_row_dict(self, item: Page):
        row = OrderedDict()
        for field in self.list_export:
            value = getattr(item, field, None)
            if field == "page_type":
                model = item.content_type.model_class()
                value = (
                    str(model._meta.verbose_name) if model else item.content_type.model
                )
            elif field.endswith("_status"):
                value = str(STATUS_LABELS.get(value, value))
            elif field == "needs_sync":
                value = bool(value)
            row[field] = value
        return row
