"""Donor-facing views: the donation page's form, thank-you, monthly cancel,
and the Stripe webhook endpoint. Each one hands the work to services."""

from __future__ import annotations

import logging
import smtplib
from email.utils import parseaddr

from django.conf import settings
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from . import donors, monthly, ratelimit, receipts, services
from .conf import layout_context
from .exceptions import DonationError, PaymentNotCompleted, ProviderError, RateLimited
from .forms import (
    CancelMonthlyForm,
    ConfirmDonorForm,
    DonationForm,
    ManageMonthlyForm,
)
from .models import BankAccount, Donation, ExternalGivingOption, Frequency, Status
from .providers import portone
from .receipts import donation_for_cancel_token
from .webhooks import handle_portone_webhook, handle_stripe_webhook

logger = logging.getLogger(__name__)


class DonationUrls:
    """Absolute URLs a provider sends the donor to, built from the request."""

    def __init__(self, request, page):
        self.request = request
        self.page = page

    def thanks(self, donation: Donation) -> str:
        return self.request.build_absolute_uri(
            reverse("nkhr_donations:thanks", args=[donation.public_id])
        )

    def back_to_form(self) -> str:
        return self.request.build_absolute_uri(self.page.url or "/")


def giving_context(currency: str = "") -> dict:
    accounts = BankAccount.objects.all()
    if currency and currency != "KRW":
        # Donors abroad need the account with a SWIFT code: put it first.
        accounts = accounts.order_by("-for_overseas_donors", "sort_order", "id")
    return {
        "bank_accounts": accounts,
        "external_options": ExternalGivingOption.objects.filter(is_active=True),
    }


def serve_donation_page(page, request):
    status = 200
    if request.method == "POST":
        form = DonationForm(request.POST, page=page)
        if form.is_valid():
            try:
                if not ratelimit.allow_checkout(request):
                    raise RateLimited()
                result = services.start_donation(
                    form.intent(get_language() or "en"),
                    page=page,
                    urls=DonationUrls(request, page),
                )
            except DonationError as exc:
                form.add_error(None, exc.message)
                status = 429 if isinstance(exc, RateLimited) else 503
            else:
                return redirect(result.redirect_url)
        else:
            status = 400
    elif request.method in ("GET", "HEAD"):
        form = DonationForm(page=page)
    else:
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    context = page.get_context(request)
    context.update(giving_context(), form=form, presets=form.preset_choices())
    return TemplateResponse(request, page.get_template(request), context, status=status)


# Donation pages show one donor's gift and its live status: never from a cache.
@never_cache
@require_safe  # read only: a POST, PUT or DELETE answers 405
def thanks(request, public_id):
    donation = get_object_or_404(Donation, public_id=public_id)
    with translation.override(donation.language):
        context = {
            **layout_context(),
            "donation": donation,
            "page": donation.page.specific if donation.page else None,
            "is_bank_transfer": donation.provider == "bank_transfer",
            "is_confirmed": donation.status == Status.SUCCEEDED,
            **giving_context(donation.currency),
        }
        response = TemplateResponse(request, "nkhr_donations/thanks.html", context)
        response.render()
    return response


# GET shows the gift, the form posts back; anything else answers 405.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def cancel_monthly(request, token):
    donation = donation_for_cancel_token(token)
    if donation is None or donation.frequency != Frequency.MONTHLY:
        raise Http404
    with translation.override(donation.language):
        error = ""
        if request.method == "POST":
            form = CancelMonthlyForm(request.POST)
            if form.is_valid():
                try:
                    services.cancel_monthly(donation, source="donor:cancel-link")
                except DonationError as exc:
                    error = exc.message
                else:
                    donation.refresh_from_db()
        else:
            form = CancelMonthlyForm()
        response = TemplateResponse(
            request,
            "nkhr_donations/cancel_monthly.html",
            {
                **layout_context(),
                "donation": donation,
                "form": form,
                "error": error,
                "is_cancelled": donation.status == Status.CANCELLED,
            },
            status=503 if error else 200,
        )
        response.render()
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_donor(request, token):
    """The link in the receipt email: GET shows what would be confirmed, only
    POST confirms (mail scanners open links; they must not verify anyone)."""
    link = donors.read_confirmation_token(token)
    if not link.is_valid:
        if request.method == "POST" and request.POST.get("resend"):
            return _resend_confirmation_link(request, link)
        return _confirmation_link_problem(request, link)
    donor = link.donor
    if request.method == "POST":
        form = ConfirmDonorForm(request.POST)
        if form.is_valid():
            donors.confirm_email(donor)
            donor.refresh_from_db()
    else:
        form = ConfirmDonorForm()
    identity = donors.current_identity(donor)
    gifts = Donation.objects.filter(donor=identity, status=Status.SUCCEEDED)
    with translation.override(_gifts_language(identity)):
        response = TemplateResponse(
            request,
            "nkhr_donations/confirm_donor.html",
            {
                **layout_context(),
                "donor": identity,
                "form": form,
                "is_verified": identity.is_verified,
                "has_national_id": gifts.exclude(national_id_ciphertext="").exists(),
                "gifts": gifts.order_by("confirmed_at", "id"),
            },
        )
        response.render()
    return response


def _gifts_language(donor) -> str:
    """The language of the donor's first confirmed gift, else the visitor's."""
    first = (
        Donation.objects.filter(donor=donor, status=Status.SUCCEEDED)
        .order_by("created_at")
        .first()
    )
    return first.language if first else (get_language() or settings.LANGUAGE_CODE)


def _resend_confirmation_link(request, link: donors.ConfirmationLink):
    """The donor asks for a new link on an expired link's page. It goes to the
    identity's own address, and it replaces the expired link: one request per
    link, so the page cannot be used to flood a mailbox."""
    if not link.can_ask_again:
        return _confirmation_link_problem(request, link)
    language = _link_language(link)
    try:
        receipts.send_new_confirmation_link(link.donor, language)
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send a new confirmation link")
        with translation.override(language):
            error = _(
                "We could not send the email just now. Please try again in a few "
                "minutes."
            )
        return _confirmation_link_problem(
            request, link, language, error=error, status=503
        )
    return _confirmation_link_problem(request, link, language, sent=True, status=200)


def _link_language(link: donors.ConfirmationLink) -> str:
    """The language of a confirmation link's pages and emails: that of the
    identity's gifts, else the visitor's."""
    if link.donor is None:
        return get_language() or settings.LANGUAGE_CODE
    return _gifts_language(donors.current_identity(link.donor))


def _confirmation_link_problem(
    request,
    link: donors.ConfirmationLink,
    language: str | None = None,
    *,
    sent=False,
    error="",
    status=None,
):
    """An expired or unknown confirmation link: say so and what to do, change
    nothing (a POST to it confirms no one)."""
    language = language or _link_language(link)
    days = donors.confirm_max_age_days()
    with translation.override(language):
        if link.expired:
            message = ngettext(
                "This confirmation link has expired: links work for %(days)d day "
                "after the email is sent. Nothing was changed, and your gifts "
                "are recorded.",
                "This confirmation link has expired: links work for %(days)d days "
                "after the email is sent. Nothing was changed, and your gifts "
                "are recorded.",
                days,
            ) % {"days": days}
        else:
            message = _(
                "This confirmation link is not valid. Please copy the whole link "
                "from the email. Nothing was changed."
            )
        response = TemplateResponse(
            request,
            "nkhr_donations/confirm_link_problem.html",
            {
                **layout_context(),
                "message": message,
                "error": error,
                "sent": sent,
                "days": days,
                "can_resend": link.can_ask_again and not sent,
                "contact_email": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
            },
            status=status or (410 if link.expired else 400),
        )
        response.render()
    return response


@csrf_exempt  # Stripe cannot send a CSRF token; the signature authenticates it.
@require_POST
def stripe_webhook(request):
    try:
        outcome = handle_stripe_webhook(
            request.body, request.headers.get("Stripe-Signature")
        )
    except DonationError as exc:
        return JsonResponse({"error": str(exc.message)}, status=400)
    return JsonResponse({"event": outcome.event_id, "outcome": outcome.outcome})


# The checkout page loads PortOne's script, which opens the payment window of
# the donor's card company or easy-pay service in a frame (docs/donations.md).
PORTONE_CHECKOUT_CSP = (
    "default-src 'self'; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'self'; form-action 'self' https:; "
    "script-src 'self' https://cdn.portone.io; "
    "connect-src 'self' https://*.portone.io https://*.iamport.co; "
    "frame-src https:; img-src 'self' data: https:; style-src 'self' https:"
)


def _portone_donation(public_id) -> Donation:
    return get_object_or_404(Donation, public_id=public_id, provider=portone.PROVIDER)


def _render_portone_checkout(request, donation: Donation, *, error="", status=200):
    done_url = request.build_absolute_uri(
        reverse("nkhr_donations:portone_complete", args=[donation.public_id])
    )
    context = {
        **layout_context(),
        "donation": donation,
        "page": donation.page.specific if donation.page else None,
        "portone_request": portone.browser_request(donation, done_url),
        "done_url": done_url,
        "error": error,
    }
    response = TemplateResponse(
        request, "nkhr_donations/portone_checkout.html", context, status=status
    )
    response["Content-Security-Policy"] = PORTONE_CHECKOUT_CSP
    response.render()
    return response


@never_cache
@require_safe  # the page only shows PortOne's window: GET and HEAD
def portone_checkout(request, public_id):
    """Our page that opens PortOne's payment window for a pending gift."""
    donation = _portone_donation(public_id)
    if donation.status not in (Status.PENDING, Status.FAILED):
        # Paid, refunded or cancelled: nothing to pay here any more. A failed
        # payment may be tried again (PortOne takes the same id until paid).
        return redirect("nkhr_donations:thanks", donation.public_id)
    with translation.override(donation.language):
        return _render_portone_checkout(request, donation)


@never_cache
@require_safe  # PortOne sends the browser back with a GET
def portone_complete(request, public_id):
    """Where PortOne's window sends the donor back (``?paymentId=…&code=…``).

    The query string is the browser's word only: the payment is fetched from
    PortOne and checked against the donation before anything is recorded.
    """
    donation = _portone_donation(public_id)
    with translation.override(donation.language):
        if donation.status == Status.SUCCEEDED:
            return redirect("nkhr_donations:thanks", donation.public_id)
        billing_key = request.GET.get("billingKey", "")
        if request.GET.get("code"):
            # PortOne's error code: the donor closed the window or was declined.
            error, status = PaymentNotCompleted.default_message, 200
        else:
            try:
                if donation.is_monthly:
                    monthly.start_monthly_gift(donation, billing_key)
                else:
                    portone.confirm_payment(
                        donation,
                        request.GET.get("paymentId", ""),
                        source="portone:browser-return",
                    )
            except ProviderError as exc:
                error, status = exc.message, 503
            except DonationError as exc:
                error, status = exc.message, 400
            else:
                return redirect("nkhr_donations:thanks", donation.public_id)
        donation.refresh_from_db()
        return _render_portone_checkout(request, donation, error=error, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage_monthly(request, token):
    """A PortOne monthly donor's emailed link: change the amount, pause,
    resume or stop, without an account (the signed link names the gift)."""
    donation = donation_for_cancel_token(token)
    if (
        donation is None
        or donation.frequency != Frequency.MONTHLY
        or donation.provider != portone.PROVIDER
    ):
        raise Http404
    with translation.override(donation.language):
        error, done, status = "", "", 200
        if request.method == "POST":
            form = ManageMonthlyForm(request.POST, donation=donation)
            if donation.status in (Status.CANCELLED, Status.REFUNDED):
                form.add_error(None, _("This monthly gift is stopped already."))
                status = 400
            elif form.is_valid():
                error, done = _apply_manage(donation, form)
                status = 503 if error else 200
                form = ManageMonthlyForm(donation=donation)
            else:
                status = 400
        else:
            form = ManageMonthlyForm(donation=donation)
        donation.refresh_from_db()
        response = TemplateResponse(
            request,
            "nkhr_donations/manage_monthly.html",
            {
                **layout_context(),
                "donation": donation,
                "form": form,
                "error": error,
                "done": done,
                "is_cancelled": donation.status == Status.CANCELLED,
                "is_paused": donation.paused_at is not None,
                "charges": donation.monthly_charges.all()[:12],
            },
            status=status,
        )
        response.render()
    return response


def _apply_manage(donation: Donation, form: ManageMonthlyForm) -> tuple[str, str]:
    action = form.cleaned_data["action"]
    if action == form.CHANGE:
        monthly.change_amount(donation, form.cleaned_data["amount_minor"])
        return "", _("The new amount applies from the next monthly charge.")
    if action == form.PAUSE:
        monthly.pause(donation)
        return "", _(
            "Your monthly gift is paused: nothing is charged until you resume it."
        )
    if action == form.RESUME:
        monthly.resume(donation)
        return "", _("Your monthly gift is resumed.")
    try:
        services.cancel_monthly(donation, source="donor:manage-link")
    except DonationError as exc:
        return str(exc.message), ""
    return "", ""


@csrf_exempt  # PortOne cannot send a CSRF token; the signature authenticates it.
@require_POST
def portone_webhook(request):
    try:
        outcome = handle_portone_webhook(request.body, request.headers)
    except ProviderError as exc:
        # PortOne could not be asked about the payment: let it deliver again.
        return JsonResponse({"error": str(exc.message)}, status=503)
    except DonationError as exc:
        return JsonResponse({"error": str(exc.message)}, status=400)
    return JsonResponse({"event": outcome.event_id, "outcome": outcome.outcome})
