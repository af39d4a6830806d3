"""The admin report of search terms per language: the most frequent, and those
that found nothing (Reports -> Search terms by language), with spreadsheet export."""

from __future__ import annotations

import datetime

import django_filters
from django.conf import settings
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.permissions import ModelPermissionPolicy

from .models import SearchTermOutcome

# The period the report covers unless the filter says otherwise.
DEFAULT_DAYS = 30


class SearchTermsFilterSet(WagtailFilterSet):
    language_code = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.LANGUAGES, empty_label=_("All")
    )
    date = django_filters.DateFromToRangeFilter(
        label=_("Date"), widget=django_filters.widgets.DateRangeWidget
    )
    without_results = django_filters.BooleanFilter(
        label=_("Only searches that found nothing"),
        method="filter_without_results",
    )

    class Meta:
        model = SearchTermOutcome
        fields = ["language_code", "date"]

    def filter_without_results(self, queryset, name, value):
        return queryset.filter(searches_without_results__gt=0) if value else queryset


class SearchTermsReportView(ReportView):
    """Search terms by number of searches, per language, with how many of those
    searches found nothing (editors promote results for those)."""

    page_title = _("Search terms by language")
    header_icon = "search"
    index_url_name = "nkhr_search_terms_report"
    index_results_url_name = "nkhr_search_terms_report_results"
    filterset_class = SearchTermsFilterSet
    any_permission_required = ["add", "change"]
    list_export = ["query_string", "language_code", "searches", "without_results"]
    export_headings = {
        "query_string": _("Search term"),
        "language_code": _("Language"),
        "searches": _("Searches"),
        "without_results": _("Searches without results"),
    }

    @property
    def permission_policy(self):
        # Those who may manage promoted results (the search terms' model).
        return ModelPermissionPolicy(
            SearchTermOutcome._meta.get_field("query").related_model
        )

    @property
    def columns(self):
        return [
            Column("query_string", label=_("Search term")),
            Column("language_code", label=_("Language")),
            Column("searches", label=_("Searches")),
            Column("without_results", label=_("Searches without results")),
        ]

    def get_filename(self) -> str:
        return f"search-terms-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        since = timezone.localdate() - datetime.timedelta(days=DEFAULT_DAYS)
        rows = SearchTermOutcome.objects.all()
        if not self.request.GET.get("date_after"):
            rows = rows.filter(date__gte=since)
        return rows

    def get_filtered_queryset(self):
        rows = super().get_filtered_queryset()
        return (
            rows.values("language_code", query_string=F("query__query_string"))
            .annotate(
                searches=Sum("searches"),
                without_results=Sum("searches_without_results"),
            )
            .order_by("-searches", "query_string")
        )
