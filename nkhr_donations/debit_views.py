"""The donor's side of CMS auto-debit: the pledge form of a donation page, in
the page's language, and the page that confirms the pledge."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from . import debits, ratelimit
from .conf import layout_context
from .exceptions import DonationError, RateLimited
from .forms import DebitPledgeForm
from .models import DebitMandate, DonationPage
from .money import Currency, format_amount


def _pledge(form: DebitPledgeForm, language: str) -> debits.Pledge:
    data = form.cleaned_data
    return debits.Pledge(
        amount_minor=data["amount"],
        designation=data["designation"],
        donor_name=data["donor_name"].strip(),
        donor_email=data["donor_email"],
        bank_code=data["bank_code"],
        account_number=data["account_number"],
        holder_name=data["holder_name"].strip(),
        holder_birth=data["holder_birth"],
        consent_text=debits.consent_text(),
        wants_receipt=bool(data.get("wants_receipt")),
        national_id=data.get("national_id", ""),
        postal_address=data.get("postal_address", "").strip(),
        language=language,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def cms_pledge(request, page_id: int):
    # ``id``, not ``pk``: the page's own key (``page_ptr``) is a relation, and
    # Django range-checks only integer fields, so ``pk=<22 digits>`` reached
    # the database and failed (500) instead of finding nothing (404).
    page = get_object_or_404(DonationPage.objects.live(), id=page_id)
    if not debits.is_available():
        raise Http404
    language = page.locale.language_code
    status = 200
    with translation.override(language):
        if request.method == "POST":
            form = DebitPledgeForm(request.POST, page=page)
            if form.is_valid():
                try:
                    if not ratelimit.allow_checkout(request):
                        raise RateLimited()
                    mandate = debits.record_pledge(
                        _pledge(form, language),
                        ip_address=request.META.get("REMOTE_ADDR", ""),
                        page=page,
                    )
                except DonationError as exc:
                    form.add_error(None, exc.message)
                    status = 429 if isinstance(exc, RateLimited) else 503
                else:
                    return redirect(
                        "nkhr_donations:cms_pledge_thanks", mandate.public_id
                    )
            else:
                status = 400
        else:
            form = DebitPledgeForm(page=page)
        response = TemplateResponse(
            request,
            "nkhr_donations/cms_pledge.html",
            {
                **layout_context(),
                "page": page,
                "form": form,
                "consent_text": debits.consent_text(),
                "suggested": [
                    format_amount(amount, Currency.KRW)
                    for amount in page.suggested_amounts(Currency.KRW)
                ],
            },
            status=status,
        )
        response.render()
    return response


@never_cache
@require_safe  # read only: a POST, PUT or DELETE answers 405
def cms_pledge_thanks(request, public_id):
    mandate = get_object_or_404(DebitMandate, public_id=public_id)
    with translation.override(mandate.language):
        response = TemplateResponse(
            request,
            "nkhr_donations/cms_pledge_thanks.html",
            {
                **layout_context(),
                "mandate": mandate,
                "bank": debits.bank_name(mandate.bank_code),
                "page": mandate.page.specific if mandate.page else None,
            },
        )
        response.render()
    return response
