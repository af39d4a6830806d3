"""What was paid and when, one line per payment, on every rail.

The annual receipts, the statutory receipt, the Hometax data and the Finance
report all count money through here, so that they agree:

- one-time gifts (card, easy pay, bank transfer): the donation, paid the day
  it was confirmed;
- a CMS auto-debit gift is one month's withdrawal, paid on its batch's
  withdrawal day (not the day Finance imported the result file);
- a PortOne monthly gift is one row for its billing key: each month paid is
  one of its ``MonthlyCharge`` rows, and the row itself counts for nothing;
- a Stripe subscription's first month is the donation itself (Checkout's
  payment, kept when the gift is stopped later); every month after it is a
  ``MonthlyCharge`` (its invoice, stripe_monthly.py).

A monthly gift marked refunded is left off altogether (refunds of single
months are not recorded; docs/donations.md). Dates are Korea time; ``start``
is the first day counted and ``end`` the first day not counted.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from .models import ChargeStatus, Donation, Frequency, MonthlyCharge, Status
from .models.donations import Provider

PORTONE_MONTHLY = Q(provider=Provider.PORTONE, frequency=Frequency.MONTHLY)
CMS = Q(provider=Provider.CMS)
# A stopped Stripe subscription was paid for its first month.
PAID_ITSELF = (
    Q(status=Status.SUCCEEDED) | Q(status=Status.CANCELLED, frequency=Frequency.MONTHLY)
) & Q(confirmed_at__isnull=False)

Line = tuple[Donation, datetime, int, str]  # (gift, moment paid, amount, currency)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def _within(field: str, start: date | None, end: date | None, *, dates=False) -> Q:
    """``field`` on or after ``start`` and before ``end`` (either may be None)."""
    condition = Q()
    if start is not None:
        condition &= Q(**{f"{field}__gte": start if dates else _start_of(start)})
    if end is not None:
        condition &= Q(**{f"{field}__lt": end if dates else _start_of(end)})
    return condition


def single_payments(
    donations: QuerySet[Donation], start: date | None = None, end: date | None = None
) -> QuerySet[Donation]:
    """Donations that are a payment themselves, dated ``confirmed_at``."""
    return donations.filter(PAID_ITSELF, _within("confirmed_at", start, end)).exclude(
        PORTONE_MONTHLY | CMS
    )


def debit_payments(
    donations: QuerySet[Donation], start: date | None = None, end: date | None = None
) -> QuerySet[Donation]:
    """CMS gifts the agency reported paid, dated by their withdrawal day."""
    return donations.filter(
        CMS,
        _within("debit__batch__debit_date", start, end, dates=True),
        status=Status.SUCCEEDED,
    )


def charge_payments(
    donations: QuerySet[Donation], start: date | None = None, end: date | None = None
) -> QuerySet[MonthlyCharge]:
    """Months paid of monthly card gifts (PortOne, and Stripe after the first)."""
    return MonthlyCharge.objects.filter(
        _within("paid_at", start, end),
        donation__in=donations.exclude(status=Status.REFUNDED),
        status=ChargeStatus.SUCCEEDED,
    )


def paid_in(start: date | None, end: date | None) -> Q:
    """Donations with at least one payment in the range (for a filter)."""
    everything = Donation.objects.all()
    return (
        Q(pk__in=single_payments(everything, start, end).values("pk"))
        | Q(pk__in=debit_payments(everything, start, end).values("pk"))
        | Q(pk__in=charge_payments(everything, start, end).values("donation_id"))
    )


def paid_lines(
    donations: QuerySet[Donation], start: date | None = None, end: date | None = None
) -> list[Line]:
    """Every payment of ``donations`` in the range, in the order paid."""
    tz = timezone.get_default_timezone()
    lines: list[Line] = [
        (donation, donation.confirmed_at, donation.amount_minor, donation.currency)
        for donation in single_payments(donations, start, end)
    ]
    lines += [
        (
            donation,
            datetime.combine(donation.debit.batch.debit_date, time(12), tzinfo=tz),
            donation.amount_minor,
            donation.currency,
        )
        for donation in debit_payments(donations, start, end).select_related(
            "debit__batch"
        )
    ]
    charges = charge_payments(donations, start, end).select_related(
        "donation", "donation__donor"
    )
    lines += [
        (charge.donation, charge.paid_at, charge.amount_minor, charge.currency)
        for charge in charges
    ]
    lines.sort(key=lambda line: (line[1], line[0].pk))
    return lines


def paid_totals(
    donations: QuerySet[Donation], start: date | None = None, end: date | None = None
) -> dict[str, int]:
    """The total paid per currency (minor units), counted in the database."""
    totals: dict[str, int] = {}
    for queryset in (
        single_payments(donations, start, end),
        debit_payments(donations, start, end),
        charge_payments(donations, start, end),
    ):
        rows = (
            queryset.order_by().values("currency").annotate(total=Sum("amount_minor"))
        )
        for row in rows:
            totals[row["currency"]] = totals.get(row["currency"], 0) + row["total"]
    return totals
