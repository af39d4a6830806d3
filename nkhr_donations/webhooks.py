"""Stripe webhook events: verified, recorded once, applied forward only.

Exactly-once: each event id is inserted into ``ProcessedWebhookEvent`` (unique
per provider) in the same transaction that applies it. A replay, or a second
delivery racing the first, hits the unique constraint and becomes a no-op; if
applying fails, the insert rolls back with it and Stripe's retry is processed.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass

import stripe
from django.db import IntegrityError, transaction

from . import services, stripe_monthly
from .conf import setting
from .exceptions import WebhookPayloadError, WebhookSignatureError
from .models import (
    Donation,
    MonthlyCharge,
    ProcessedWebhookEvent,
    Status,
)

logger = logging.getLogger(__name__)
PROVIDER = "stripe"
SIGNATURE_TOLERANCE_SECONDS = 300

# Event type -> the status it moves a donation to.
STATUS_FOR_EVENT: dict[str, str] = {
    "checkout.session.completed": Status.SUCCEEDED,
    "checkout.session.async_payment_succeeded": Status.SUCCEEDED,
    "checkout.session.async_payment_failed": Status.FAILED,
    "checkout.session.expired": Status.CANCELLED,
    "charge.refunded": Status.REFUNDED,
    "customer.subscription.deleted": Status.CANCELLED,
}


@dataclass(frozen=True)
class WebhookOutcome:
    event_id: str
    outcome: str  # applied, unchanged, ignored, unmatched, duplicate


def verify_stripe_event(payload: bytes, signature: str | None) -> dict:
    """The event as a dict, if ``signature`` is Stripe's for ``payload``."""
    secret = setting("STRIPE_WEBHOOK_SECRET")
    if not secret or not signature:
        raise WebhookSignatureError()
    try:
        text = payload.decode("utf-8")
        stripe.WebhookSignature.verify_header(
            text, signature, secret, SIGNATURE_TOLERANCE_SECONDS
        )
        event = json.loads(text)
    except (UnicodeDecodeError, ValueError, stripe.SignatureVerificationError) as exc:
        raise WebhookSignatureError() from exc
    if not isinstance(event, dict) or not event.get("id") or not event.get("type"):
        raise WebhookSignatureError()
    check_event_shape(event)
    return event


def check_event_shape(event: dict) -> None:
    """Refuse a signed event whose parts are not what Stripe sends.

    The signature proves who sent it, not that it is well formed (a bug or a
    test tool on the sender's side). Checking here, before anything is
    recorded, turns such an event into a 400 that changes nothing.
    """
    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    metadata = obj.get("metadata", {}) if isinstance(obj, dict) else None
    if not (
        isinstance(event["id"], str)
        and isinstance(event["type"], str)
        and isinstance(obj, dict)
        and isinstance(metadata, dict)
    ):
        raise WebhookPayloadError()


def handle_stripe_webhook(payload: bytes, signature: str | None) -> WebhookOutcome:
    return process_stripe_event(verify_stripe_event(payload, signature))


def process_stripe_event(event: dict) -> WebhookOutcome:
    event_id = str(event["id"])
    try:
        with transaction.atomic():
            record = ProcessedWebhookEvent.objects.create(
                provider=PROVIDER,
                event_id=event_id,
                event_type=str(event["type"])[:100],
            )
            record.outcome, record.donation = _apply(event)
            record.save(update_fields=["outcome", "donation"])
    except IntegrityError:
        if ProcessedWebhookEvent.objects.filter(
            provider=PROVIDER, event_id=event_id
        ).exists():
            return WebhookOutcome(event_id, "duplicate")
        raise
    return WebhookOutcome(event_id, record.outcome)


def _apply(event: dict) -> tuple[str, Donation | None]:
    if event["type"] in stripe_monthly.INVOICE_EVENTS:
        # A month of a subscription: a payment of its own, not a status.
        return stripe_monthly.apply_invoice_event(event)
    to_status = STATUS_FOR_EVENT.get(event["type"])
    obj = event["data"]["object"]  # its shape is checked with the signature
    if to_status is None:
        return "ignored", None
    donation = _find_donation(event["type"], obj)
    if donation is None:
        # Not ours (another integration on the same Stripe account) or unknown.
        logger.warning("Stripe event %s matches no donation", event["id"])
        return "unmatched", None
    if event["type"] == "checkout.session.completed" and obj.get(
        "payment_status"
    ) not in ("paid", "no_payment_required"):
        # Delayed payment methods: the async_payment_* event decides later.
        to_status = None
    if event["type"] == "charge.refunded" and not obj.get("refunded"):
        to_status = None  # a partial refund leaves the gift standing
    fields = _provider_fields(event["type"], obj)
    moved = services.transition(
        donation.pk,
        to_status or donation.status,
        source=f"stripe:{event['type']}:{event['id']}",
        **fields,
    )
    return ("applied" if moved else "unchanged"), donation


def _provider_fields(event_type: str, obj: dict) -> dict[str, str]:
    if event_type.startswith("checkout.session."):
        return {
            "stripe_subscription_id": _id(obj.get("subscription")),
            "stripe_payment_intent_id": _id(obj.get("payment_intent")),
        }
    if event_type == "charge.refunded":
        return {"stripe_payment_intent_id": _id(obj.get("payment_intent"))}
    return {}


def _id(value) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    return str(value) if value else ""


def _find_donation(event_type: str, obj: dict) -> Donation | None:
    metadata = obj.get("metadata", {})
    public_id = metadata.get("donation_id") or obj.get("client_reference_id")
    queryset = Donation.objects.filter(provider=PROVIDER)
    if public_id:
        try:
            return queryset.filter(public_id=uuid.UUID(str(public_id))).first()
        except ValueError:  # a malformed id matches nothing
            return None
    if event_type.startswith("checkout.session.") and obj.get("id"):
        return queryset.filter(provider_reference=obj["id"]).first()
    if event_type == "charge.refunded" and obj.get("payment_intent"):
        return queryset.filter(
            stripe_payment_intent_id=_id(obj["payment_intent"])
        ).first()
    if event_type == "customer.subscription.deleted" and obj.get("id"):
        return queryset.filter(stripe_subscription_id=obj["id"]).first()
    return None


# --- PortOne ---------------------------------------------------------------
#
# PortOne's webhooks (Standard Webhooks: ``webhook-id``, ``webhook-timestamp``,
# ``webhook-signature``) say only *that* a payment changed. The payment is
# then fetched from PortOne and its state applied forward, so deliveries in
# any order, or repeated, end in PortOne's own current state. The id of each
# delivery is recorded once, as for Stripe.

PORTONE = "portone"


def verify_portone_webhook(payload: bytes, headers) -> tuple[str, object]:
    """(delivery id, the SDK's webhook object) if PortOne signed ``payload``."""
    from portone_server_sdk import webhook as portone_webhook

    secret = setting("PORTONE_WEBHOOK_SECRET")
    if not secret:
        raise WebhookSignatureError()
    wanted = ("webhook-id", "webhook-timestamp", "webhook-signature")
    signed_headers = {name: headers.get(name) for name in wanted}
    try:
        text = payload.decode("utf-8")
        event = portone_webhook.verify(secret, text, signed_headers)
    except (UnicodeDecodeError, ValueError, portone_webhook.PortOneError) as exc:
        raise WebhookSignatureError() from exc
    delivery_id = str(signed_headers["webhook-id"] or "")
    if not delivery_id or len(delivery_id) > 255:
        raise WebhookPayloadError()
    return delivery_id, event


def _portone_payment_id(event) -> tuple[str, str]:
    """(event type, payment id) of a transaction webhook; ("", "") otherwise."""
    data = getattr(event, "data", None)
    payment_id = getattr(data, "payment_id", "") if data is not None else ""
    if not payment_id:
        return "", ""
    return type(event).__name__, str(payment_id)


def handle_portone_webhook(payload: bytes, headers) -> WebhookOutcome:
    delivery_id, event = verify_portone_webhook(payload, headers)
    return process_portone_event(delivery_id, event)


def process_portone_event(delivery_id: str, event) -> WebhookOutcome:
    from .providers import portone

    if ProcessedWebhookEvent.objects.filter(
        provider=PORTONE, event_id=delivery_id
    ).exists():
        return WebhookOutcome(delivery_id, "duplicate")
    event_type, payment_id = _portone_payment_id(event)
    donation = (
        Donation.objects.filter(provider=PORTONE, provider_reference=payment_id).first()
        if payment_id
        else None
    )
    charge = None
    if donation is None and payment_id:
        # A month's charge of a monthly gift (monthly.py names its payment ids).
        charge = MonthlyCharge.objects.filter(
            provider=PORTONE, payment_id=payment_id
        ).first()
    facts = None
    if donation is not None or charge is not None:
        # Asked before anything is recorded: if PortOne cannot answer, the
        # delivery fails (503) and PortOne delivers it again later.
        facts = portone.fetch_payment(payment_id)
    try:
        with transaction.atomic():
            record = ProcessedWebhookEvent.objects.create(
                provider=PORTONE,
                event_id=delivery_id,
                event_type=(event_type or type(event).__name__)[:100],
            )
            if charge is not None:
                record.outcome = _apply_portone_charge(charge, facts)
                record.donation = charge.donation
            else:
                record.outcome, record.donation = _apply_portone(
                    delivery_id, event_type, donation, facts
                )
            record.save(update_fields=["outcome", "donation"])
    except IntegrityError:
        if ProcessedWebhookEvent.objects.filter(
            provider=PORTONE, event_id=delivery_id
        ).exists():
            return WebhookOutcome(delivery_id, "duplicate")
        raise
    return WebhookOutcome(delivery_id, record.outcome)


def _apply_portone(delivery_id, event_type, donation, facts):
    from .exceptions import PaymentMismatch
    from .providers import portone

    if not event_type:
        return "ignored", None
    if donation is None:
        logger.warning("PortOne webhook %s matches no donation", delivery_id)
        return "unmatched", None
    try:
        portone.check_facts(donation, facts)
    except PaymentMismatch:
        return "mismatch", donation
    if not facts.status:
        return "unchanged", donation
    moved = services.transition(
        donation.pk,
        facts.status,
        source=f"portone:{event_type}:{delivery_id}",
    )
    return ("applied" if moved else "unchanged"), donation


def _apply_portone_charge(charge, facts) -> str:
    """A monthly charge that PortOne reports paid (its answer to our own call
    was lost, say): recorded as paid if amount and currency are the charge's."""
    from . import monthly

    if facts.amount_minor != charge.amount_minor or facts.currency != charge.currency:
        return "mismatch"
    if facts.status == Status.SUCCEEDED and monthly.record_success(charge):
        return "applied"
    return "unchanged"
