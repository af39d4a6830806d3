"""Finance's side of CMS auto-debit in the Wagtail admin: the pledges (account
numbers masked), the monthly batches, the debit file for the agency (its
download is recorded) and the import of the agency's result file.

Reading needs the donor-data permission, changing anything also the
reconcile permission: only the Finance group has both.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from . import debits
from .admin_views import finance_only
from .crypto import EncryptionNotConfigured
from .forms import DebitBatchForm, DebitResultForm
from .models import DebitBatch, DebitMandate
from .permissions import RECONCILE_PERMISSION


@require_safe  # read only: the batch form posts to cms_create_batch
@finance_only()
def cms_index(request):
    return _cms_page(request)


def _cms_page(request, form: DebitBatchForm | None = None, status: int = 200):
    return TemplateResponse(
        request,
        "nkhr_donations/admin/cms.html",
        {
            "mandates": DebitMandate.objects.order_by("-created_at", "-id")[:200],
            "batches": DebitBatch.objects.order_by("-month"),
            "form": form or DebitBatchForm(),
            "can_change": request.user.has_perm(RECONCILE_PERMISSION),
        },
        status=status,
    )


@require_POST
@finance_only(RECONCILE_PERMISSION)
def cms_create_batch(request):
    form = DebitBatchForm(request.POST)
    if not form.is_valid():
        return _cms_page(request, form, status=400)
    try:
        batch = debits.create_batch(
            form.cleaned_data["month"],
            form.cleaned_data["debit_date"],
            user=request.user,
        )
    except debits.BatchRefused as exc:
        form.add_error(None, exc.message)
        return _cms_page(request, form, status=400)
    messages.success(
        request,
        _(
            "The debit requests of %(month)s are ready: download the file for "
            "the agency."
        )
        % {"month": f"{batch.month:%Y-%m}"},
    )
    return redirect("nkhr_donations_admin:cms_batch", pk=batch.pk)


@require_safe  # read only: the results form posts to cms_import_results
@finance_only()
def cms_batch(request, pk: int):
    return _batch_page(request, get_object_or_404(DebitBatch, pk=pk))


def _batch_page(
    request, batch: DebitBatch, form: DebitResultForm | None = None, errors=None
):
    return TemplateResponse(
        request,
        "nkhr_donations/admin/cms_batch.html",
        {
            "batch": batch,
            "requests": batch.requests.select_related("mandate", "donation"),
            "form": form or DebitResultForm(),
            "errors": errors or [],
            "can_change": request.user.has_perm(RECONCILE_PERMISSION),
        },
        status=400 if errors or (form is not None and form.errors) else 200,
    )


@require_safe  # a download link
@finance_only(RECONCILE_PERMISSION)
def cms_batch_file(request, pk: int):
    batch = get_object_or_404(DebitBatch, pk=pk)
    try:
        filename, data = debits.request_file(batch, user=request.user)
    except EncryptionNotConfigured:
        messages.error(
            request,
            _("The account numbers cannot be decrypted with the configured key."),
        )
        return redirect("nkhr_donations_admin:cms_batch", pk=batch.pk)
    response = HttpResponse(data, content_type="text/plain; charset=cp949")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@finance_only(RECONCILE_PERMISSION)
def cms_import_results(request, pk: int):
    batch = get_object_or_404(DebitBatch, pk=pk)
    form = DebitResultForm(request.POST, request.FILES)
    if not form.is_valid():
        return _batch_page(request, batch, form=form)
    try:
        outcome = debits.import_results(
            form.cleaned_data["result_file"], user=request.user, expected_batch=batch
        )
    except debits.ResultRejected as exc:
        return _batch_page(request, batch, form=form, errors=exc.errors)
    if outcome.already_imported:
        messages.info(request, _("This file was imported already; nothing changed."))
    else:
        messages.success(
            request,
            _("Results imported: %(paid)d paid, %(failed)d failed.")
            % {"paid": outcome.paid, "failed": outcome.failed},
        )
    return redirect("nkhr_donations_admin:cms_batch", pk=batch.pk)


@require_POST
@finance_only(RECONCILE_PERMISSION)
def cms_cancel_mandate(request, pk: int):
    mandate = get_object_or_404(DebitMandate, pk=pk)
    if debits.cancel_mandate(mandate):
        messages.success(
            request,
            _("The pledge %(code)s is cancelled: no further withdrawals.")
            % {"code": mandate.reference_code},
        )
    return redirect("nkhr_donations_admin:cms")
