"""Finance's statutory receipts in the Wagtail admin: issuing a receipt
(별지 제45호의2) from the annual receipts, printing it, the issuance ledger
and the Hometax bulk data. Printing and the Hometax file show full resident
numbers: every access is recorded."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from . import crypto, statutory
from .admin_views import finance_only
from .exceptions import EncryptionNotConfigured
from .ledger_purge import retention_cutoff
from .models import ReceiptLedgerEntry, SensitiveAccess
from .money import Currency, format_amount
from .permissions import RECONCILE_PERMISSION


def _year(value: str) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 2000 <= year <= 2100:
        raise Http404
    return year


@require_POST
@finance_only(RECONCILE_PERMISSION)
def issue_statutory_receipt(request):
    year = _year(request.POST.get("year"))
    try:
        entry = statutory.issue(
            year, request.POST.get("receipt", ""), user=request.user
        )
    except (statutory.ReceiptRefused, EncryptionNotConfigured) as exc:
        messages.error(request, exc.message)
        return redirect(reverse_with_year("nkhr_donations_admin:annual_receipts", year))
    return redirect("nkhr_donations_admin:ledger_entry", pk=entry.pk)


def reverse_with_year(name: str, year: int) -> str:
    return f"{reverse(name)}?year={year}"


@require_safe  # read only: other methods answer 405
@finance_only(RECONCILE_PERMISSION)
def ledger_entry(request, pk: int):
    entry = get_object_or_404(ReceiptLedgerEntry, pk=pk)
    try:
        printed = statutory.printable(entry, user=request.user)
    except EncryptionNotConfigured as exc:
        messages.error(request, exc.message)
        return redirect(reverse_with_year("nkhr_donations_admin:ledger", entry.year))
    return TemplateResponse(
        request,
        "nkhr_donations/admin/statutory_receipt.html",
        {
            "receipt": printed,
            "entry": entry,
            "lines": [
                (day, format_amount(amount, Currency.KRW))
                for day, amount in printed.lines
            ],
            "total": format_amount(entry.total_minor, Currency.KRW),
            "issued": timezone.localtime(entry.issued_at),
        },
    )


@require_safe  # read only: other methods answer 405
@finance_only()
def ledger(request):
    year = (
        _year(request.GET["year"])
        if "year" in request.GET
        else timezone.localdate().year - 1
    )
    entries = ReceiptLedgerEntry.objects.filter(year=year).order_by("serial")
    rows = []
    for entry in entries:
        masked = ""
        if entry.national_id_ciphertext:
            try:
                masked = crypto.mask_national_id(
                    crypto.decrypt(entry.national_id_ciphertext)
                )
            except EncryptionNotConfigured:
                masked = "******-*******"
        rows.append((entry, masked, format_amount(entry.total_minor, Currency.KRW)))
    return TemplateResponse(
        request,
        "nkhr_donations/admin/receipt_ledger.html",
        {
            "year": year,
            "years": range(timezone.localdate().year, 2019, -1),
            "rows": rows,
            "can_print": request.user.has_perm(RECONCILE_PERMISSION),
            "retention_cutoff": retention_cutoff(),
        },
    )


@require_POST
@finance_only(RECONCILE_PERMISSION)
def hometax_file(request):
    year = _year(request.POST.get("year"))
    try:
        export = statutory.hometax_export(year, user=request.user)
    except EncryptionNotConfigured as exc:
        messages.error(request, exc.message)
        return redirect(reverse_with_year("nkhr_donations_admin:annual_receipts", year))
    response = HttpResponse(export.text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hometax-{year}.csv"'
    response["Cache-Control"] = "no-store"
    # Receipts without a resident number cannot be filed: name them.
    response["X-Receipts-Without-National-Id"] = ",".join(export.without_national_id)
    if export.without_national_id:
        messages.warning(
            request,
            _("Left out of the Hometax file for lack of a resident number: %(keys)s")
            % {"keys": ", ".join(export.without_national_id)},
        )
    return response


@require_safe  # read only: other methods answer 405
@finance_only()
def access_log(request):
    """Who opened an output with full account or resident numbers, and when."""
    return TemplateResponse(
        request,
        "nkhr_donations/admin/access_log.html",
        {"accesses": SensitiveAccess.objects.order_by("-created_at", "-id")[:500]},
    )


@require_safe  # read only: other methods answer 405
@finance_only(RECONCILE_PERMISSION)
def ledger_entry_pdf(request, pk: int):
    entry = get_object_or_404(ReceiptLedgerEntry, pk=pk)
    try:
        printed = statutory.printable(entry, user=request.user)
    except EncryptionNotConfigured as exc:
        messages.error(request, exc.message)
        return redirect(reverse_with_year("nkhr_donations_admin:ledger", entry.year))
    response = HttpResponse(
        statutory.statutory_receipt_pdf(printed), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="receipt-{entry.serial_display}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response
