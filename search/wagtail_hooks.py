"""Admin wiring: the report of search terms per language."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import SearchTermsReportView


@hooks.register("register_admin_urls")
def register_search_terms_report_urls():
    return [
        path(
            "reports/search-terms-by-language/",
            SearchTermsReportView.as_view(),
            name="nkhr_search_terms_report",
        ),
        path(
            "reports/search-terms-by-language/results/",
            SearchTermsReportView.as_view(results_only=True),
            name="nkhr_search_terms_report_results",
        ),
    ]


class _SearchTermsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(
            "wagtailsearchpromotions.add_query"
        ) or request.user.has_perm("wagtailsearchpromotions.change_query")


@hooks.register("register_reports_menu_item")
def register_search_terms_report_menu_item():
    return _SearchTermsMenuItem(
        _("Search terms by language"),
        reverse("nkhr_search_terms_report"),
        name="search-terms-by-language",
        icon_name="search",
        order=760,
    )
