"""Donor identities (see ``models/donors.py``): creating one per gift, the
email confirmation link, and merging identities by email confirmation or by
Finance. Views and receipts call these; nothing else changes an identity."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import crypto
from .conf import setting
from .exceptions import DonationError
from .models import Donation, Donor, DonorMerge, Verification


class MergeRefused(DonationError):
    """Finance asked for a merge that would mix two people's receipts."""


def new_identity(name: str, email: str) -> Donor:
    """An unverified identity for one gift, exactly as the donor typed it."""
    return Donor.objects.create(name=name, email=email)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


CONFIRM_SALT = "nkhr_donations.confirm-donor"


def confirm_max_age() -> int:
    """Seconds a confirmation link stays valid (``DONATIONS_CONFIRM_MAX_AGE``)."""
    return int(setting("DONATIONS_CONFIRM_MAX_AGE"))


def confirm_max_age_days() -> int:
    """The lifetime in whole days, as pages and emails state it (at least 1)."""
    return max(1, confirm_max_age() // (24 * 3600))


def issue_confirmation_token(donor: Donor) -> str:
    """A new token for the confirmation link; only its hash is stored.

    The token is a random value signed with the time it was issued, so the
    link expires like the newsletter's confirmation link. A new token replaces
    the identity's previous one: only the latest link works.
    """
    token = signing.TimestampSigner(salt=CONFIRM_SALT).sign(secrets.token_urlsafe(32))
    Donor.objects.filter(pk=donor.pk).update(confirmation_token_hash=_hash(token))
    donor.confirmation_token_hash = _hash(token)
    return token


@dataclass(frozen=True)
class ConfirmationLink:
    """What a confirmation link names: the identity, or why it names none.

    ``donor`` is set for an expired link too (the page is then shown in the
    language of the donor's gifts), but an expired link confirms nothing.
    """

    donor: Donor | None
    expired: bool = False

    @property
    def is_valid(self) -> bool:
        return self.donor is not None and not self.expired

    @property
    def can_ask_again(self) -> bool:
        """A genuine link that only expired, of an identity still to confirm:
        its page may send a new link to the identity's address."""
        donor = self.donor
        return bool(
            self.expired
            and donor is not None
            and not donor.is_verified
            and not donor.merged_into_id
        )


def read_confirmation_token(token: str) -> ConfirmationLink:
    """The identity the link names, if the link is genuine and not out of date.

    The stored hash covers the whole token, time included: a token whose time
    or signature was changed matches no identity. Tokens issued before links
    carried a time match but cannot be dated, so they count as expired.
    """
    if not token or len(token) > 200:
        return ConfirmationLink(None)
    donor = Donor.objects.filter(confirmation_token_hash=_hash(token)).first()
    if donor is None:
        return ConfirmationLink(None)
    try:
        signing.TimestampSigner(salt=CONFIRM_SALT).unsign(
            token, max_age=confirm_max_age()
        )
    except signing.BadSignature:  # SignatureExpired is one, and a legacy token
        return ConfirmationLink(donor, expired=True)
    return ConfirmationLink(donor)


def current_identity(donor: Donor) -> Donor:
    """The identity ``donor``'s gifts belong to now (after any merges)."""
    seen = set()
    while donor.merged_into_id and donor.pk not in seen:
        seen.add(donor.pk)
        donor = donor.merged_into
    return donor


def national_id_of(donor: Donor) -> str | None:
    """The resident number given with the identity's gifts: "" if none, None
    if a stored number cannot be decrypted (no merge may then rely on it).

    Merges only ever join identities with the same number (or none), so the
    first number found is the identity's number.
    """
    ciphertext = (
        Donation.objects.filter(donor=donor)
        .exclude(national_id_ciphertext="")
        .order_by("created_at", "id")
        .values_list("national_id_ciphertext", flat=True)
        .first()
    )
    if not ciphertext:
        return ""
    try:
        return crypto.decrypt(ciphertext)
    except crypto.EncryptionNotConfigured:
        return None


def confirm_email(donor: Donor) -> Donor:
    """The donor opened the link sent to the identity's address and confirmed.

    The identity becomes verified, or, if the same mailbox already verified an
    identity with exactly the same name and resident number, joins it. A
    different name or number stays an identity of its own: confirming someone
    else's gift by mistake never puts their details on this donor's receipt.
    Returns the identity the gifts now belong to.
    """
    with transaction.atomic():
        donor = Donor.objects.select_for_update().get(pk=donor.pk)
        if donor.merged_into_id or donor.is_verified:
            return current_identity(donor)
        number = national_id_of(donor)
        candidates = (
            Donor.objects.select_for_update()
            .alias(email_key=Lower("email"))
            .filter(
                verified_at__isnull=False,
                merged_into__isnull=True,
                # Both confirmed from this mailbox, in any letter case; the
                # expression of the index ``nkhr_donor_email_lower``.
                email_key=Lower(Value(donor.email)),
                name=donor.name,
            )
            .exclude(pk=donor.pk)
            .order_by("verified_at", "id")
        )
        for candidate in candidates if number is not None else []:
            if national_id_of(candidate) == number:
                _merge(donor, candidate, Verification.EMAIL)
                return candidate
        donor.verified_at = timezone.now()
        donor.verified_by = Verification.EMAIL
        donor.save(update_fields=["verified_at", "verified_by"])
        return donor


def merge_identities(source: Donor, target: Donor, *, user, reason: str) -> DonorMerge:
    """Finance: the gifts of ``source`` go on ``target``'s receipt.

    ``target`` becomes verified (by Finance) if it was not. Refused when either
    identity was merged already, for an identity into itself, without a reason,
    or when the two carry different resident numbers (two different people).
    """
    reason = (reason or "").strip()
    if not reason:
        raise MergeRefused(_("Say why these identities are the same person."))
    with transaction.atomic():
        locked = {
            d.pk: d
            for d in Donor.objects.select_for_update().filter(
                pk__in=[source.pk, target.pk]
            )
        }
        source, target = locked.get(source.pk), locked.get(target.pk)
        if source is None or target is None or source.pk == target.pk:
            raise MergeRefused(_("Choose another donor identity to merge into."))
        if source.merged_into_id or target.merged_into_id:
            raise MergeRefused(
                _("One of these identities was already merged into another one.")
            )
        numbers = {national_id_of(source), national_id_of(target)} - {""}
        if None in numbers:
            raise MergeRefused(
                _(
                    "A stored resident registration number cannot be read with "
                    "the current encryption key. Nothing was merged."
                )
            )
        if len(numbers) > 1:
            raise MergeRefused(
                _(
                    "These identities carry different resident registration "
                    "numbers, so they are not the same person. Nothing was merged."
                )
            )
        if not target.is_verified:
            target.verified_at = timezone.now()
            target.verified_by = Verification.FINANCE
            target.save(update_fields=["verified_at", "verified_by"])
        return _merge(source, target, Verification.FINANCE, user=user, reason=reason)


def _merge(
    source: Donor, target: Donor, method: str, *, user=None, reason=""
) -> DonorMerge:
    Donation.objects.filter(donor=source).update(donor=target)
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    return DonorMerge.objects.create(
        source=source,
        target=target,
        method=method,
        merged_by=user,
        merged_by_username=user.get_username() if user is not None else "",
        reason=reason,
    )
