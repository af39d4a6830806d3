"""Retention of the receipt ledger: five years from each receipt's issue
(소득세법 제160조의3). Only entries older than that may be deleted."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from .models import ReceiptLedgerEntry
from .models.ledger import RETENTION_YEARS


def retention_cutoff(today: date | None = None) -> date:
    """Entries issued before this date are past the five years."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - RETENTION_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - RETENTION_YEARS, day=28)


def purge_ledger(issued_before: date) -> int:
    """Delete the entries issued before ``issued_before``; refuses (ValueError)
    a date after the retention cut-off. Serial numbers are not handed out again."""
    if issued_before > retention_cutoff():
        raise ValueError(
            f"Entries must be kept {RETENTION_YEARS} years: the latest date "
            f"allowed is {retention_cutoff().isoformat()}."
        )
    start = datetime(
        issued_before.year,
        issued_before.month,
        issued_before.day,
        tzinfo=timezone.get_default_timezone(),
    )
    with transaction.atomic():
        old = ReceiptLedgerEntry.objects.filter(issued_at__lt=start)
        # A replaced entry points to its replacement: unlink them first.
        old.exclude(superseded_by=None).update(superseded_by=None)
        deleted, _by_model = old.delete()
    return deleted
