"""Admin integration: the Finance report and receipts, and the staff-editable
bank accounts and external giving options as snippets."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_urls
from .models import BankAccount, ExternalGivingOption
from .permissions import DONOR_DATA_PERMISSION


class FinanceMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(DONOR_DATA_PERMISSION)


@hooks.register("register_admin_urls")
def register_donation_admin_urls():
    return [path("donations/", include(admin_urls, namespace="nkhr_donations_admin"))]


@hooks.register("register_reports_menu_item")
def register_donation_report_menu_item():
    return FinanceMenuItem(
        _("Donations"),
        reverse("nkhr_donations_admin:report"),
        name="donations",
        icon_name="list-ul",
        order=1300,
    )


@hooks.register("register_reports_menu_item")
def register_annual_receipts_menu_item():
    return FinanceMenuItem(
        _("Annual receipts"),
        reverse("nkhr_donations_admin:annual_receipts"),
        name="annual-receipts",
        icon_name="doc-full",
        order=1310,
    )


@hooks.register("register_reports_menu_item")
def register_donor_identities_menu_item():
    return FinanceMenuItem(
        _("Donor identities"),
        reverse("nkhr_donations_admin:donors"),
        name="donor-identities",
        icon_name="group",
        order=1320,
    )


@hooks.register("register_reports_menu_item")
def register_cms_menu_item():
    return FinanceMenuItem(
        _("CMS auto-debit"),
        reverse("nkhr_donations_admin:cms"),
        name="cms-auto-debit",
        icon_name="resubmit",
        order=1330,
    )


class BankAccountViewSet(SnippetViewSet):
    model = BankAccount
    icon = "home"
    list_display = ["bank_name_en", "account_number", "swift_bic"]


class ExternalGivingOptionViewSet(SnippetViewSet):
    model = ExternalGivingOption
    icon = "link-external"
    list_display = ["title_en", "kind", "is_active"]


class WaysToGiveViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Ways to give")
    menu_icon = "link"
    menu_order = 400
    items = (BankAccountViewSet, ExternalGivingOptionViewSet)


register_snippet(WaysToGiveViewSetGroup)
