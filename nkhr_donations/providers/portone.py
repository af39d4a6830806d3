"""Korean cards and easy pay through PortOne V2.

The donor pays in PortOne's window, opened in our own checkout page by
PortOne's browser SDK (served from our static files). The browser then only
says "done": the server fetches the payment from PortOne and records it only if
PortOne says it is paid, for this donation's amount and currency. Nothing the
browser reports is trusted (see ``confirm_payment``).

Payment ids are ours: ``nkhr-<donation>`` for a one-time gift. PortOne refuses a
second payment under an id that is paid already, so the id is the idempotency
key. The API base can point at Prism (``PORTONE_API_BASE``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import httpx
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from portone_server_sdk import BillingKeyClient, PaymentClient
from portone_server_sdk._portone_error import PortOneError
from portone_server_sdk.errors import (
    BillingKeyAlreadyDeletedError,
    BillingKeyNotFoundError,
)
from portone_server_sdk.payment import (
    CancelledPayment,
    FailedPayment,
    PaidPayment,
)

from ..conf import setting
from ..exceptions import PaymentMismatch, PaymentNotCompleted, ProviderError
from ..models import Donation, Frequency, PayMethod, Status
from ..models.donations import Provider as ProviderCode
from .base import DonationUrls, Provider

logger = logging.getLogger(__name__)
PROVIDER = ProviderCode.PORTONE
# The donor waits on this request: fail fast rather than hang for 60 s.
PORTONE_TIMEOUT_SECONDS = 20
DEFAULT_API_BASE = "https://api.portone.io"


def http_client() -> httpx.Client:
    return httpx.Client(timeout=PORTONE_TIMEOUT_SECONDS)


def _client(client_class):
    client = client_class(
        secret=setting("PORTONE_API_SECRET"),
        base_url=setting("PORTONE_API_BASE") or DEFAULT_API_BASE,
        store_id=setting("PORTONE_STORE_ID") or None,
    )
    # The SDK's own client waits 60 s; ours fails sooner (see above).
    client._sync_client = http_client()
    return client


def portone_client() -> PaymentClient:
    return _client(PaymentClient)


def billing_key_client() -> BillingKeyClient:
    return _client(BillingKeyClient)


def payment_id_for(donation: Donation) -> str:
    """The PortOne payment id of a one-time gift: ours, one per donation."""
    return f"nkhr-{donation.public_id.hex}"


def order_name(donation: Donation) -> str:
    return gettext("Donation to NKHR: %(designation)s") % {
        "designation": donation.get_designation_display()
    }


class PortOneProvider(Provider):
    code = ProviderCode.PORTONE
    label = _("Card or easy pay")

    def is_available(self) -> bool:
        return bool(
            setting("PORTONE_API_SECRET")
            and setting("PORTONE_STORE_ID")
            and setting("PORTONE_CHANNEL_KEY_CARD")
        )

    def cancel_recurring(self, donation: Donation) -> None:
        """Delete the card's billing key at PortOne: nothing can charge it."""
        if not donation.portone_billing_key:
            return
        try:
            billing_key_client().delete_billing_key(
                billing_key=donation.portone_billing_key, reason="donor cancelled"
            )
        except (BillingKeyAlreadyDeletedError, BillingKeyNotFoundError):
            pass  # deleted already (from PortOne's console, say): nothing to stop
        except (PortOneError, httpx.HTTPError, ValueError) as exc:
            raise ProviderError() from exc
        Donation.objects.filter(pk=donation.pk).update(portone_billing_key="")
        donation.portone_billing_key = ""

    def start(self, donation: Donation, urls: DonationUrls) -> str:
        """Our checkout page opens PortOne's window; nothing is sent yet."""
        donation.provider_reference = payment_id_for(donation)
        if donation.frequency == Frequency.MONTHLY or not donation.portone_pay_method:
            donation.portone_pay_method = PayMethod.CARD
        return reverse("nkhr_donations:portone_checkout", args=[donation.public_id])


def channel_key(donation: Donation) -> str:
    if donation.frequency == Frequency.MONTHLY:
        return setting("PORTONE_CHANNEL_KEY_BILLING") or setting(
            "PORTONE_CHANNEL_KEY_CARD"
        )
    if donation.portone_pay_method == PayMethod.EASY_PAY:
        return setting("PORTONE_CHANNEL_KEY_EASY_PAY") or setting(
            "PORTONE_CHANNEL_KEY_CARD"
        )
    return setting("PORTONE_CHANNEL_KEY_CARD")


def browser_request(donation: Donation, redirect_url: str) -> dict:
    """What the checkout page hands to PortOne's browser SDK.

    Shown to the browser, so it holds nothing secret; the amount in it is
    checked again on the server after payment, never taken from the browser.
    """
    request = {
        "storeId": setting("PORTONE_STORE_ID"),
        "channelKey": channel_key(donation),
        "redirectUrl": redirect_url,
        "locale": "KO_KR" if donation.language == "ko" else "EN_US",
        "customer": {"fullName": donation.donor_name, "email": donation.donor_email},
    }
    if donation.frequency == Frequency.MONTHLY:
        request.update(
            billingKeyMethod="CARD",
            issueId=donation.provider_reference,
            issueName=order_name(donation),
        )
    else:
        request.update(
            paymentId=donation.provider_reference,
            orderName=order_name(donation),
            totalAmount=donation.amount_minor,
            currency=f"CURRENCY_{donation.currency}",
            payMethod=donation.portone_pay_method or PayMethod.CARD,
        )
    return request


@dataclass(frozen=True)
class PaymentFacts:
    """What PortOne says about one payment, reduced to what we check."""

    payment_id: str
    status: str  # our Status, or "" while PortOne has no outcome yet
    amount_minor: int
    currency: str
    store_id: str


def fetch_payment(payment_id: str) -> PaymentFacts:
    """Ask PortOne for the payment. ``ProviderError`` if it cannot tell."""
    try:
        payment = portone_client().get_payment(payment_id=payment_id)
    except (PortOneError, httpx.HTTPError, ValueError) as exc:
        # ValueError: a body the SDK cannot read (not a payment we know).
        logger.warning("PortOne payment %s could not be fetched: %s", payment_id, exc)
        raise ProviderError() from exc
    if isinstance(payment, dict):
        raise ProviderError()
    if isinstance(payment, PaidPayment):
        status = Status.SUCCEEDED
    elif isinstance(payment, FailedPayment):
        status = Status.FAILED
    elif isinstance(payment, CancelledPayment):
        status = Status.REFUNDED if payment.paid_at else Status.CANCELLED
    else:
        # Ready, pending, partially cancelled: the gift stays as it is.
        status = ""
    return PaymentFacts(
        payment_id=payment_id,
        status=status,
        amount_minor=payment.amount.total,
        currency=str(payment.currency),
        store_id=payment.store_id,
    )


def check_facts(donation: Donation, facts: PaymentFacts) -> None:
    """Refuse a payment whose amount, currency or store is not the donation's."""
    store_id = setting("PORTONE_STORE_ID")
    if (
        facts.amount_minor != donation.amount_minor
        or facts.currency != donation.currency
        or (store_id and facts.store_id != store_id)
    ):
        logger.warning(
            "PortOne payment %s does not match donation %s",
            facts.payment_id,
            donation.reference_code,
        )
        raise PaymentMismatch()


def confirm_payment(
    donation: Donation, reported_payment_id: str, *, source: str
) -> bool:
    """The browser says the donor paid: check with PortOne, then record it.

    Raises ``PaymentMismatch`` for a payment id that is not this donation's or
    a payment that does not fit it, ``PaymentNotCompleted`` when PortOne has
    no paid payment. Returns whether the donation's status changed.
    """
    from ..services import transition

    if donation.provider != PROVIDER or donation.frequency != Frequency.ONE_TIME:
        raise PaymentMismatch()
    if not reported_payment_id or reported_payment_id != donation.provider_reference:
        raise PaymentMismatch()
    facts = fetch_payment(donation.provider_reference)
    check_facts(donation, facts)
    if not facts.status:
        raise PaymentNotCompleted()
    moved = transition(donation.pk, facts.status, source=source)
    if facts.status == Status.FAILED:
        raise PaymentNotCompleted()
    return moved
