"""Wagtail admin views for Finance: the donation report, a donation's record,
reconciling bank pledges, purging national IDs, the annual receipts and the
donor identities they belong to (with Finance's merge).

Every view requires the ``view_donor_details`` permission, which only the
Finance group has: editors and translators get 403 and see no donor data.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import wraps

import django_filters
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from . import donors, payments, receipts, services
from .audit import record_access
from .csv_export import EscapedCsvExportMixin
from .forms import MergeDonorForm
from .models import (
    Donation,
    Donor,
    DonorMerge,
    SensitiveAccess,
    Status,
)
from .models.donations import Provider
from .money import format_amount
from .permissions import DONOR_DATA_PERMISSION, RECONCILE_PERMISSION


def _forbidden() -> HttpResponseForbidden:
    # A plain 403 rather than PermissionDenied, which Wagtail's admin turns into
    # a redirect: the response must not look like anything could be there.
    return HttpResponseForbidden(_("Only the Finance group can see donations."))


def finance_only(*extra_permissions: str):
    """Allow the view only to users with donor-data (and any extra) permissions."""
    permissions = (DONOR_DATA_PERMISSION, *extra_permissions)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not all(request.user.has_perm(p) for p in permissions):
                return _forbidden()
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class FinanceOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(DONOR_DATA_PERMISSION):
            return _forbidden()
        return super().dispatch(request, *args, **kwargs)


def date_range(value) -> tuple[date | None, date | None]:
    """(first day, first day after) of the report's date filter (Korea time);
    django-filter gives the first and last moments of the days picked."""
    if not value:
        return None, None
    start = timezone.localtime(value.start).date() if value.start else None
    end = (
        timezone.localtime(value.stop).date() + timedelta(days=1)
        if value.stop
        else None
    )
    return start, end


class PaymentDateFilter(django_filters.DateFromToRangeFilter):
    """Gifts with a payment in the range, on each payment's own date (a month
    paid in March of a monthly gift started a year before is in March), and
    gifts never paid (pledges, failed or expired attempts) by the day they
    were made."""

    def filter(self, qs, value):
        start, end = date_range(value)
        if start is None and end is None:
            return qs
        made = Q()
        if start is not None:
            made &= Q(created_at__date__gte=start)
        if end is not None:
            made &= Q(created_at__date__lt=end)
        never_paid = ~payments.paid_in(None, None)
        return qs.filter(payments.paid_in(start, end) | (made & never_paid))


class DonationFilterSet(WagtailFilterSet):
    date = PaymentDateFilter(
        label=_("Date"),
        widget=DateRangePickerWidget,
        help_text=_(
            "The day of each payment (every month of a monthly gift); "
            "gifts never paid by the day they were made."
        ),
    )

    class Meta:
        model = Donation
        fields = [
            "date",
            "status",
            "designation",
            "currency",
            "provider",
            "frequency",
        ]


class DonationReportView(FinanceOnlyMixin, EscapedCsvExportMixin, ReportView):
    page_title = _("Donations")
    header_icon = "list-ul"
    results_template_name = "nkhr_donations/admin/report_results.html"
    index_url_name = "nkhr_donations_admin:report"
    index_results_url_name = "nkhr_donations_admin:report_results"
    filterset_class = DonationFilterSet
    export_filename = "donations"
    model = Donation
    columns = [
        TitleColumn(
            "reference_code",
            label=_("Reference"),
            url_name="nkhr_donations_admin:detail",
        ),
        DateColumn("created_at", label=_("Date")),
        Column("donor_name", label=_("Donor")),
        Column("donor_email", label=_("Email")),
        Column("amount_display", label=_("Amount")),
        Column("frequency", label=_("Frequency"), accessor="get_frequency_display"),
        Column(
            "designation", label=_("Designation"), accessor="get_designation_display"
        ),
        Column("provider", label=_("Provider"), accessor="get_provider_display"),
        Column("status", label=_("Status"), accessor="get_status_display"),
    ]
    list_export = [
        "reference_code",
        "created_at",
        "confirmed_at",
        "status",
        "amount_major",
        "currency",
        "frequency",
        "designation",
        "provider",
        "provider_reference",
        "donor_name",
        "donor_email",
        "wants_receipt",
        "received_at",
    ]
    export_headings = {"amount_major": _("Amount"), "reference_code": _("Reference")}

    @property
    def permission_policy(self):
        return None  # checked by FinanceOnlyMixin

    def get_queryset(self):
        return Donation.objects.order_by("-created_at", "-id")

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        start, end = None, None
        if self.filters and self.filters.is_valid():
            start, end = date_range(self.filters.form.cleaned_data.get("date"))
        context["totals"] = donation_totals(self.object_list, start, end)
        return context


def donation_totals(
    queryset, start: date | None = None, end: date | None = None
) -> list[dict]:
    """Per currency: the total paid in the range, on every rail and each month
    of a monthly gift by the day it was paid (``payments``), and the count of
    each status of the gifts listed."""
    rows = queryset.order_by().values("currency", "status").annotate(count=Count("id"))
    by_currency: dict[str, dict] = {}

    def entry_for(currency: str) -> dict:
        return by_currency.setdefault(
            currency, {"currency": currency, "confirmed": 0, "statuses": {}}
        )

    for row in rows:
        entry_for(row["currency"])["statuses"][Status(row["status"]).label] = row[
            "count"
        ]
    for currency, total in payments.paid_totals(queryset, start, end).items():
        entry_for(currency)["confirmed"] += total
    for entry in by_currency.values():
        entry["confirmed_display"] = format_amount(
            entry["confirmed"], entry["currency"]
        )
    return [by_currency[c] for c in sorted(by_currency)]


@require_safe  # read only: other methods answer 405
@finance_only()
def donation_detail(request, pk: int):
    donation = get_object_or_404(Donation, pk=pk)
    return TemplateResponse(
        request,
        "nkhr_donations/admin/donation_detail.html",
        {
            "donation": donation,
            "history": donation.status_changes.all(),
            "monthly_charges": donation.monthly_charges.all(),
            "masked_national_id": services.masked_national_id(donation),
            "can_reconcile": request.user.has_perm(RECONCILE_PERMISSION),
            "can_mark_received": donation.provider == Provider.BANK_TRANSFER
            and donation.status in (Status.PENDING, Status.FAILED),
        },
    )


@require_POST
@finance_only(RECONCILE_PERMISSION)
def mark_received(request, pk: int):
    donation = get_object_or_404(Donation, pk=pk)
    if services.mark_transfer_received(donation, user=request.user):
        messages.success(
            request,
            _("%(code)s is marked as received; the receipt email is on its way.")
            % {"code": donation.reference_code},
        )
    else:
        messages.error(
            request,
            _("%(code)s cannot be marked as received in its current state.")
            % {"code": donation.reference_code},
        )
    return redirect("nkhr_donations_admin:detail", pk=donation.pk)


@require_POST
@finance_only(RECONCILE_PERMISSION)
def purge_national_id(request, pk: int):
    donation = get_object_or_404(Donation, pk=pk)
    if services.purge_national_id(donation):
        messages.success(request, _("The national ID number has been deleted."))
    return redirect("nkhr_donations_admin:detail", pk=donation.pk)


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year - 1
    if not 2000 <= year <= 2100:
        raise Http404
    return year


@require_safe  # read only: other methods answer 405
@finance_only()
def annual_receipts_index(request):
    year = _year(request)
    return TemplateResponse(
        request,
        "nkhr_donations/admin/annual_receipts.html",
        {
            "year": year,
            "years": range(timezone.localdate().year, 2019, -1),
            "receipts": receipts.annual_receipts(year),
        },
    )


@require_safe  # read only: other methods answer 405
@finance_only()
def annual_receipts_csv(request):
    year = _year(request)
    # Full resident numbers: the download is recorded.
    record_access(request.user, SensitiveAccess.Kind.RECEIPTS_CSV, str(year))
    response = HttpResponse(
        receipts.annual_receipts_csv(year), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="receipts-{year}.csv"'
    return response


@require_safe  # read only: other methods answer 405
@finance_only()
def annual_receipt_pdf(request):
    year = _year(request)
    found = receipts.annual_receipts(year, key=request.GET.get("receipt", ""))
    if not found:
        raise Http404
    pdf = receipts.annual_receipt_pdf(found[0], receipts.default_organisation())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{year}.pdf"'
    return response


# --- Donor identities -------------------------------------------------------

DONOR_FILTERS = {
    "verified": {"verified_at__isnull": False, "merged_into__isnull": True},
    "unverified": {"verified_at__isnull": True, "merged_into__isnull": True},
    "merged": {"merged_into__isnull": False},
}


@require_safe  # read only: other methods answer 405
@finance_only()
def donor_list(request):
    shown = request.GET.get("show", "verified")
    if shown not in DONOR_FILTERS:
        shown = "verified"
    queryset = (
        Donor.objects.filter(**DONOR_FILTERS[shown])
        .annotate(gifts=Count("donations"))
        .order_by("name", "id")
    )
    query = request.GET.get("q", "").strip()
    if query:
        queryset = queryset.filter(Q(name__icontains=query) | Q(email__icontains=query))
    page = Paginator(queryset, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "nkhr_donations/admin/donors.html",
        {"page_obj": page, "shown": shown, "query": query, "filters": DONOR_FILTERS},
    )


@require_safe  # read only: other methods answer 405
@finance_only()
def donor_detail(request, pk: int):
    return _donor_page(request, get_object_or_404(Donor, pk=pk))


def _donor_page(request, donor: Donor, form: MergeDonorForm | None = None):
    return TemplateResponse(
        request,
        "nkhr_donations/admin/donor_detail.html",
        {
            "donor": donor,
            "gifts": donor.donations.order_by("-created_at", "-id"),
            "merges": DonorMerge.objects.filter(Q(source=donor) | Q(target=donor))
            .select_related("source", "target")
            .order_by("created_at", "id"),
            "can_merge": request.user.has_perm(RECONCILE_PERMISSION)
            and donor.merged_into_id is None,
            "form": form or MergeDonorForm(),
        },
        status=400 if form is not None else 200,
    )


@require_POST
@finance_only(RECONCILE_PERMISSION)
def merge_donor(request, pk: int):
    source = get_object_or_404(Donor, pk=pk)
    form = MergeDonorForm(request.POST)
    if form.is_valid():
        target = Donor.objects.filter(pk=form.cleaned_data["target"]).first()
        try:
            if target is None:
                form.add_error(
                    "target", _("There is no donor identity with that number.")
                )
            else:
                donors.merge_identities(
                    source,
                    target,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                )
        except donors.MergeRefused as exc:
            form.add_error(None, exc.message)
        if form.is_valid():
            messages.success(
                request,
                _("The gifts of %(source)s are now on the receipt of %(target)s.")
                % {"source": source, "target": target},
            )
            return redirect("nkhr_donations_admin:donor", pk=target.pk)
    return _donor_page(request, source, form)
