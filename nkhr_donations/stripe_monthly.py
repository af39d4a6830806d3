"""Monthly Stripe subscriptions: each invoice paid is one month's payment.

Checkout takes the first month (``checkout.session.completed`` confirms the
gift, and that payment is the donation's own). Stripe then bills the
subscription every month on its own and says so with ``invoice.paid`` and
``invoice.payment_failed``. Each of those invoices is kept as a
``MonthlyCharge`` of the gift, keyed by the invoice id, so that the months
after the first reach the receipts, Hometax and the Finance report like
PortOne's monthly charges.

Events come in any order and more than once: the event id is recorded once
(webhooks.py), the invoice id names one charge, and a charge only moves
forward (failed → paid, never back; a failure older than the one recorded
changes nothing).
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from . import services
from .exceptions import WebhookPayloadError
from .models import ChargeStatus, Donation, Frequency, MonthlyCharge, Status
from .models.donations import Provider

logger = logging.getLogger(__name__)

INVOICE_PAID = "invoice.paid"
INVOICE_PAYMENT_FAILED = "invoice.payment_failed"
INVOICE_EVENTS = frozenset({INVOICE_PAID, INVOICE_PAYMENT_FAILED})
# The invoice Checkout creates and pays: the gift's first month.
FIRST_INVOICE = "subscription_create"
FAILED_ERROR = "Stripe: the card payment failed"


def apply_invoice_event(event: dict) -> tuple[str, Donation | None]:
    """(outcome, donation) of a signed ``invoice.*`` event, inside the
    transaction that records the event."""
    invoice = event["data"]["object"]
    invoice_id = invoice.get("id")
    if not isinstance(invoice_id, str) or not 0 < len(invoice_id) <= 64:
        raise WebhookPayloadError()
    subscription_id, metadata = _subscription_of(invoice)
    if not subscription_id:
        return "ignored", None  # a one-off invoice, not a monthly gift
    donation = _find_donation(subscription_id, metadata)
    if donation is None:
        logger.warning("Stripe invoice %s matches no monthly gift", invoice_id)
        return "unmatched", None
    if (
        donation.stripe_subscription_id
        and donation.stripe_subscription_id != subscription_id
    ) or str(invoice.get("currency") or "").upper() != donation.currency:
        logger.warning("Stripe invoice %s does not match %s", invoice_id, donation)
        return "mismatch", donation
    source = f"stripe:{event['type']}:{event['id']}"
    if invoice.get("billing_reason") == FIRST_INVOICE:
        if event["type"] != INVOICE_PAID:
            # The donor is still on Checkout's page, which says so.
            return "unchanged", donation
        # The Checkout payment itself: confirms the gift as the session's
        # completion does, whichever of the two events comes first.
        moved = services.transition(
            donation.pk,
            Status.SUCCEEDED,
            source=source,
            stripe_subscription_id=subscription_id,
        )
        return ("applied" if moved else "unchanged"), donation
    if event["type"] == INVOICE_PAID:
        return _record_paid(donation, invoice, event), donation
    return _record_failed(donation, invoice), donation


def _subscription_of(invoice: dict) -> tuple[str, dict]:
    """(subscription id, the subscription's metadata) of an invoice.

    Since API version 2025-03-31 they are under ``parent.subscription_details``;
    events rendered in an older version (the account's default may be older
    than this library's) have ``subscription`` and ``subscription_details``.
    """
    parent = invoice.get("parent")
    details = parent.get("subscription_details") if isinstance(parent, dict) else None
    if not isinstance(details, dict):
        details = invoice.get("subscription_details")
    if not isinstance(details, dict):
        details = {}
    subscription = details.get("subscription") or invoice.get("subscription")
    if isinstance(subscription, dict):  # expanded
        subscription = subscription.get("id")
    metadata = details.get("metadata")
    return (
        subscription if isinstance(subscription, str) else "",
        metadata if isinstance(metadata, dict) else {},
    )


def _find_donation(subscription_id: str, metadata: dict) -> Donation | None:
    gifts = Donation.objects.filter(
        provider=Provider.STRIPE, frequency=Frequency.MONTHLY
    )
    public_id = metadata.get("donation_id")
    if public_id:
        # Checkout copies the gift's id into the subscription's metadata.
        try:
            return gifts.filter(public_id=uuid.UUID(str(public_id))).first()
        except ValueError:
            return None
    return gifts.filter(stripe_subscription_id=subscription_id).first()


def _moment(value) -> datetime | None:
    """A Unix timestamp of Stripe's as an aware datetime (None if absent)."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return None
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _amount(invoice: dict, name: str) -> int:
    value = invoice.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _locked_charge(donation: Donation, invoice: dict) -> MonthlyCharge | None:
    """The invoice's charge, with the gift's row locked so that two events of
    one gift (a failure and the payment of the same invoice) are applied one
    after the other."""
    Donation.objects.select_for_update().filter(pk=donation.pk).first()
    return MonthlyCharge.objects.filter(payment_id=invoice["id"]).first()


def _period(invoice: dict) -> str:
    from .monthly import period_of

    # The month Stripe billed (Korea time); a retry paid later keeps it.
    billed = _moment(invoice.get("created")) or timezone.now()
    return period_of(billed)


def _record_paid(donation: Donation, invoice: dict, event: dict) -> str:
    amount = _amount(invoice, "amount_paid")
    if amount <= 0:
        return "ignored"  # paid from a credit balance: no money came in
    transitions = invoice.get("status_transitions")
    paid_at = (
        _moment(transitions.get("paid_at") if isinstance(transitions, dict) else None)
        or _moment(event.get("created"))
        or timezone.now()
    )
    attempts = max(_amount(invoice, "attempt_count"), 1)
    paid = {
        "status": ChargeStatus.SUCCEEDED,
        "amount_minor": amount,
        "paid_at": paid_at,
        "next_attempt_at": None,
        "last_error": "",
    }
    with transaction.atomic():
        charge = _locked_charge(donation, invoice)
        if charge is None:
            MonthlyCharge.objects.create(
                donation=donation,
                provider=Provider.STRIPE,
                period=_period(invoice),
                payment_id=invoice["id"],
                currency=donation.currency,
                attempts=attempts,
                **paid,
            )
            return "applied"
        if charge.donation_id != donation.pk or charge.status == ChargeStatus.SUCCEEDED:
            return "unchanged"
        MonthlyCharge.objects.filter(pk=charge.pk).update(
            attempts=max(attempts, charge.attempts), **paid
        )
    return "applied"


def _record_failed(donation: Donation, invoice: dict) -> str:
    from .monthly import send_charge_failed

    amount = _amount(invoice, "amount_due")
    if amount <= 0:
        return "ignored"
    attempts = max(_amount(invoice, "attempt_count"), 1)
    failed = {
        "status": ChargeStatus.FAILED,
        "attempts": attempts,
        # Stripe's own retry schedule (its dashboard's settings); None: no more.
        "next_attempt_at": _moment(invoice.get("next_payment_attempt")),
        "last_error": FAILED_ERROR,
    }
    with transaction.atomic():
        charge = _locked_charge(donation, invoice)
        if charge is None:
            charge = MonthlyCharge.objects.create(
                donation=donation,
                provider=Provider.STRIPE,
                period=_period(invoice),
                payment_id=invoice["id"],
                amount_minor=amount,
                currency=donation.currency,
                **failed,
            )
        elif (
            charge.donation_id != donation.pk
            or charge.status == ChargeStatus.SUCCEEDED
            or attempts <= charge.attempts
        ):
            return "unchanged"  # paid meanwhile, or an older failure
        else:
            MonthlyCharge.objects.filter(pk=charge.pk).update(**failed)
    if donation.status == Status.SUCCEEDED:
        # Told as PortOne's donors are; not once the gift is stopped.
        charge_id = charge.pk
        transaction.on_commit(lambda: send_charge_failed(charge_id))
    return "applied"
