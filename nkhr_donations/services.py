"""Donation workflows: recording a gift, moving it through its states, and the
staff actions on it. Views and webhooks call these; nothing else writes a
donation's status.

The state machine only moves forward: pending → failed → succeeded →
refunded/cancelled. A transition that would go backwards (a late "payment
succeeded" after a refund, say) is ignored, so events may arrive in any order.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from . import crypto
from .donors import new_identity
from .exceptions import DonationNotRecorded, ProviderUnavailable
from .models import Donation, DonationStatusChange, Frequency, Status

logger = logging.getLogger(__name__)

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PENDING: frozenset(
        {Status.FAILED, Status.SUCCEEDED, Status.REFUNDED, Status.CANCELLED}
    ),
    Status.FAILED: frozenset({Status.SUCCEEDED, Status.REFUNDED, Status.CANCELLED}),
    Status.SUCCEEDED: frozenset({Status.REFUNDED, Status.CANCELLED}),
    Status.REFUNDED: frozenset(),
    Status.CANCELLED: frozenset(),
}

# How far along each status is; transitions only ever increase it.
STATUS_RANK: dict[str, int] = {
    Status.PENDING: 0,
    Status.FAILED: 1,
    Status.SUCCEEDED: 2,
    Status.REFUNDED: 3,
    Status.CANCELLED: 3,
}

# Unambiguous characters only: donors copy this code by hand onto a transfer.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED_TRANSITIONS.get(from_status, frozenset())


def new_reference_code() -> str:
    """``NKHR-XXXX-XXXX``: short enough to type, ~10^12 possibilities."""
    chars = [secrets.choice(REFERENCE_ALPHABET) for _ in range(8)]
    return f"NKHR-{''.join(chars[:4])}-{''.join(chars[4:])}"


@dataclass(frozen=True)
class DonationIntent:
    """What the donor asked for, after the server has checked every value."""

    method: str
    amount_minor: int
    currency: str
    frequency: str
    designation: str
    donor_name: str
    donor_email: str
    message: str = ""
    wants_receipt: bool = False
    national_id: str = ""
    language: str = "en"
    pay_method: str = ""  # PortOne: card or easy pay


@dataclass(frozen=True)
class StartResult:
    donation: Donation
    redirect_url: str


def start_donation(intent: DonationIntent, *, page, urls) -> StartResult:
    """Record the donation and hand it to its provider, all or nothing.

    ``urls`` builds absolute URLs for the provider (see ``views.DonationUrls``).
    A database error rolls everything back and becomes ``DonationNotRecorded``;
    provider errors propagate as ``ProviderError``/``ProviderUnavailable``.
    """
    from .providers import get_provider

    provider = get_provider(intent.method)
    if provider is None or not provider.is_available():
        raise ProviderUnavailable()
    ciphertext = crypto.encrypt(intent.national_id) if intent.national_id else ""
    try:
        with transaction.atomic():
            donation = _create_donation(intent, provider.code, page, ciphertext)
            redirect_url = provider.start(donation, urls)
            donation.save()
    except DatabaseError as exc:
        logger.exception("Donation could not be recorded")
        raise DonationNotRecorded() from exc
    return StartResult(donation=donation, redirect_url=redirect_url)


def _create_donation(intent, provider_code, page, ciphertext) -> Donation:
    # A receipt goes to an identity of this gift's own (see models/donors.py).
    donor = (
        new_identity(intent.donor_name, intent.donor_email)
        if intent.wants_receipt
        else None
    )
    for _attempt in range(5):
        donation = Donation(
            reference_code=new_reference_code(),
            amount_minor=intent.amount_minor,
            currency=intent.currency,
            frequency=intent.frequency,
            designation=intent.designation,
            provider=provider_code,
            portone_pay_method=intent.pay_method if provider_code == "portone" else "",
            donor_name=intent.donor_name,
            donor_email=intent.donor_email,
            message=intent.message,
            wants_receipt=intent.wants_receipt,
            donor=donor,
            national_id_ciphertext=ciphertext,
            language=intent.language,
            page=page,
        )
        try:
            with transaction.atomic():
                donation.save()
        except IntegrityError:
            # A reference code collision: astronomically rare, so just draw again.
            continue
        DonationStatusChange.objects.create(
            donation=donation, from_status="", to_status=Status.PENDING, source="donor"
        )
        return donation
    raise DonationNotRecorded()


def transition(donation_id: int, to_status: str, *, source: str, **fields) -> bool:
    """Move a donation to ``to_status`` if that is a step forward.

    Locks the row so that concurrent events are applied one after the other.
    ``fields`` (provider ids learnt from the event) are stored either way.
    Returns whether the status changed. A confirmed payment triggers the
    receipt email once the transaction commits.
    """
    with transaction.atomic():
        donation = Donation.objects.select_for_update().get(pk=donation_id)
        changed_fields = [
            name
            for name, value in fields.items()
            if value and not getattr(donation, name)
        ]
        for name in changed_fields:
            setattr(donation, name, fields[name])
        moved = can_transition(donation.status, to_status)
        if moved:
            DonationStatusChange.objects.create(
                donation=donation,
                from_status=donation.status,
                to_status=to_status,
                source=source[:255],
            )
            donation.status = to_status
            changed_fields.append("status")
            if to_status == Status.SUCCEEDED:
                donation.confirmed_at = timezone.now()
                changed_fields.append("confirmed_at")
        if changed_fields:
            donation.save(update_fields=[*changed_fields, "updated_at"])
        if moved and to_status == Status.SUCCEEDED:
            from .receipts import send_payment_receipt

            transaction.on_commit(lambda: send_payment_receipt(donation_id))
    return moved


def mark_transfer_received(donation: Donation, *, user) -> bool:
    """Staff reconciled a bank transfer: the pledge becomes a confirmed gift.

    Card payments are confirmed by Stripe only, never by hand.
    """
    if donation.provider != "bank_transfer":
        return False
    with transaction.atomic():
        moved = transition(
            donation.pk, Status.SUCCEEDED, source=f"staff:{user.get_username()}"
        )
        if moved:
            Donation.objects.filter(pk=donation.pk).update(received_at=timezone.now())
    return moved


def cancel_monthly(donation: Donation, *, source: str) -> bool:
    """Stop a monthly gift: cancel the provider's subscription, then the record."""
    from .providers import get_provider

    if donation.frequency != Frequency.MONTHLY:
        return False
    if donation.status in (Status.CANCELLED, Status.REFUNDED):
        return False
    if donation.provider == "cms":
        # A CMS gift is one month's withdrawal: cancelling stops the pledge,
        # and the gift itself keeps what the agency reported.
        from .debits import cancel_mandate

        mandate = getattr(getattr(donation, "debit", None), "mandate", None)
        return mandate is not None and cancel_mandate(mandate)
    provider = get_provider(donation.provider)
    if provider is not None:
        provider.cancel_recurring(donation)
    return transition(donation.pk, Status.CANCELLED, source=source)


def purge_national_id(donation: Donation) -> bool:
    updated = (
        Donation.objects.filter(pk=donation.pk)
        .exclude(national_id_ciphertext="")
        .update(national_id_ciphertext="")
    )
    return bool(updated)


def purge_national_ids(queryset) -> int:
    return queryset.exclude(national_id_ciphertext="").update(national_id_ciphertext="")


def national_id_of(donation: Donation) -> str:
    """The decrypted national ID (Finance only), or an empty string."""
    if not donation.national_id_ciphertext:
        return ""
    return crypto.decrypt(donation.national_id_ciphertext)


def masked_national_id(donation: Donation) -> str:
    if not donation.national_id_ciphertext:
        return ""
    try:
        return crypto.mask_national_id(national_id_of(donation))
    except crypto.EncryptionNotConfigured:
        return "******-*******"
