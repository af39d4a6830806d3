"""Monthly PortOne gifts: a card's billing key, charged by the site each month.

Why the site's own task and not PortOne's payment schedules (docs/donations.md):
the donor changes the amount, pauses or stops from an emailed link, and each
change would otherwise have to be mirrored into a schedule at PortOne (and a
lost call would charge the old amount). Here the schedule is our data: a daily
run (``manage.py charge_monthly_gifts``) charges each active gift once a month.

Nothing doubles: each month's charge has one row (unique per gift and month)
and one PortOne payment id, ``nkhr-<gift>-<YYYYMM>``; PortOne refuses to pay an
id twice, so a repeated or concurrent run finds the month paid. A failed
charge is tried again after ``RETRY_AFTER_DAYS`` and the donor is told each time.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

import httpx
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from portone_server_sdk._portone_error import PortOneError
from portone_server_sdk.common import (
    CustomerInput,
    CustomerNameInput,
    PaymentAmountInput,
)
from portone_server_sdk.errors import AlreadyPaidError
from portone_server_sdk.payment.billing_key import IssuedBillingKeyInfo

from .conf import setting
from .exceptions import PaymentMismatch, PaymentNotCompleted, ProviderError
from .models import ChargeStatus, Donation, Frequency, MonthlyCharge, Status
from .providers import portone

logger = logging.getLogger(__name__)

# After a failed charge, the next attempts come this many days after the one
# before: 1, then 3, then 7 days (four attempts in eleven days). Then the month
# is given up; the gift stays and next month is charged as usual.
RETRY_AFTER_DAYS = (1, 3, 7)
# A gift started on the 29th to 31st is charged on the 28th in short months.
LAST_CHARGE_DAY = 28


def period_of(moment: datetime | date) -> str:
    """``"2026-12"``: the month in Korea time (the site's time zone)."""
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment)
    return f"{moment.year:04d}-{moment.month:02d}"


def charge_payment_id(donation: Donation, period: str) -> str:
    return f"nkhr-{donation.public_id.hex}-{period.replace('-', '')}"


def charge_day(donation: Donation) -> int:
    start = timezone.localtime(donation.confirmed_at or donation.created_at)
    return min(start.day, LAST_CHARGE_DAY)


def is_active(donation: Donation) -> bool:
    return (
        donation.provider == portone.PROVIDER
        and donation.frequency == Frequency.MONTHLY
        and donation.status == Status.SUCCEEDED
        and donation.paused_at is None
        and bool(donation.portone_billing_key)
    )


def check_billing_key(donation: Donation, billing_key: str) -> None:
    """The key the browser reports must be issued by PortOne, for our store,
    for this gift's issue id; otherwise ``PaymentMismatch``."""
    if not billing_key or len(billing_key) > 255:
        raise PaymentMismatch()
    try:
        info = portone.billing_key_client().get_billing_key_info(
            billing_key=billing_key
        )
    except (PortOneError, httpx.HTTPError, ValueError) as exc:
        logger.warning("PortOne billing key could not be fetched: %s", exc)
        raise ProviderError() from exc
    if (
        not isinstance(info, IssuedBillingKeyInfo)
        or info.store_id != setting("PORTONE_STORE_ID")
        or info.issue_id != donation.provider_reference
    ):
        raise PaymentMismatch()


def start_monthly_gift(donation: Donation, billing_key: str) -> MonthlyCharge:
    """The donor registered a card: check its key, keep it, charge this month.

    The gift is confirmed once the first charge is paid; a declined first
    charge fails the gift (``PaymentNotCompleted``) and the donor may retry.
    """
    from .services import transition

    if donation.provider != portone.PROVIDER or donation.frequency != Frequency.MONTHLY:
        raise PaymentMismatch()
    check_billing_key(donation, billing_key)
    Donation.objects.filter(pk=donation.pk).update(portone_billing_key=billing_key)
    donation.portone_billing_key = billing_key
    charge = charge_month(donation, period_of(timezone.now()), notify=False)
    if charge.status == ChargeStatus.SUCCEEDED:
        transition(donation.pk, Status.SUCCEEDED, source="portone:first-charge")
        return charge
    transition(donation.pk, Status.FAILED, source="portone:first-charge")
    raise PaymentNotCompleted()


def charge_month(donation: Donation, period: str, *, notify: bool = True):
    """Charge ``donation`` for ``period`` unless that month is paid already."""
    with transaction.atomic():
        locked = Donation.objects.select_for_update().get(pk=donation.pk)
        charge, _created = MonthlyCharge.objects.get_or_create(
            donation=locked,
            period=period,
            defaults={
                "payment_id": charge_payment_id(locked, period),
                "amount_minor": locked.amount_minor,
                "currency": locked.currency,
            },
        )
    if charge.status == ChargeStatus.SUCCEEDED:
        return charge
    try:
        _pay(locked, charge)
    except AlreadyPaidError:
        # An earlier attempt was paid but its answer was lost: ask PortOne.
        _settle_from_portone(locked, charge)
    except (PortOneError, httpx.HTTPError, ValueError) as exc:
        _record_failure(charge, str(exc) or type(exc).__name__)
        if notify and charge.status == ChargeStatus.FAILED:
            transaction.on_commit(lambda: send_charge_failed(charge.pk))
        return charge
    else:
        record_success(charge)
    return charge


def _pay(donation: Donation, charge: MonthlyCharge) -> None:
    portone.portone_client().pay_with_billing_key(
        payment_id=charge.payment_id,
        billing_key=donation.portone_billing_key,
        order_name=portone.order_name(donation),
        amount=PaymentAmountInput(total=charge.amount_minor),
        currency=charge.currency,
        customer=CustomerInput(
            name=CustomerNameInput(full=donation.donor_name),
            email=donation.donor_email,
        ),
    )


def _settle_from_portone(donation: Donation, charge: MonthlyCharge) -> None:
    facts = portone.fetch_payment(charge.payment_id)
    if (
        facts.status == Status.SUCCEEDED
        and facts.amount_minor == charge.amount_minor
        and facts.currency == charge.currency
    ):
        record_success(charge)
    else:
        _record_failure(charge, "already paid: state differs")


def record_success(charge: MonthlyCharge) -> bool:
    """Mark the month paid, unless it is already (a webhook and our own call,
    or two deliveries, may report one payment at once): the first keeps its
    day paid and attempts. Returns whether this call recorded it."""
    recorded = (
        MonthlyCharge.objects.filter(pk=charge.pk)
        .exclude(status=ChargeStatus.SUCCEEDED)
        .update(
            status=ChargeStatus.SUCCEEDED,
            attempts=charge.attempts + 1,
            paid_at=timezone.now(),
            next_attempt_at=None,
            last_error="",
        )
    )
    charge.refresh_from_db()
    return bool(recorded)


def _record_failure(charge: MonthlyCharge, error: str) -> None:
    attempts = charge.attempts + 1
    retry = (
        timezone.now() + timedelta(days=RETRY_AFTER_DAYS[attempts - 1])
        if attempts <= len(RETRY_AFTER_DAYS)
        else None
    )
    # Never over a success recorded meanwhile (a concurrent run, a webhook).
    MonthlyCharge.objects.filter(pk=charge.pk).exclude(
        status=ChargeStatus.SUCCEEDED
    ).update(
        status=ChargeStatus.FAILED,
        attempts=attempts,
        next_attempt_at=retry,
        last_error=error[:255],
    )
    logger.warning("Monthly charge %s failed: %s", charge.payment_id, error)
    charge.refresh_from_db()


def due_charges(now: datetime | None = None) -> list[tuple[int, str]]:
    """(gift id, month) of every charge due now: this month's charge of each
    active gift past its charge day, and failed charges whose retry is due."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    period = period_of(today)
    due = []
    gifts = Donation.objects.filter(
        provider=portone.PROVIDER,
        frequency=Frequency.MONTHLY,
        status=Status.SUCCEEDED,
        paused_at__isnull=True,
    ).exclude(portone_billing_key="")
    charged = set(
        MonthlyCharge.objects.filter(period=period).values_list(
            "donation_id", flat=True
        )
    )
    for gift in gifts:
        if gift.pk not in charged and today.day >= charge_day(gift):
            due.append((gift.pk, period))
    retries = MonthlyCharge.objects.filter(
        status=ChargeStatus.FAILED,
        next_attempt_at__lte=now,
        donation__in=gifts,
    ).values_list("donation_id", "period")
    due += list(retries)
    return due


def send_charge_failed(charge_id: int) -> None:
    """Tell the donor a month's charge failed, when it is tried again, and
    where to change or stop the gift."""
    from .receipts import stop_url

    charge = MonthlyCharge.objects.select_related("donation").get(pk=charge_id)
    donation = charge.donation
    with translation.override(donation.language):
        context = {
            "donation": donation,
            "charge": charge,
            "amount": charge.amount_display,
            "retry_on": timezone.localtime(charge.next_attempt_at).date()
            if charge.next_attempt_at
            else None,
            # PortOne's link changes, pauses or stops the gift; Stripe's stops it.
            "manage_url": stop_url(donation),
            "can_manage": donation.provider == portone.PROVIDER,
        }
        subject = render_to_string(
            "nkhr_donations/email/charge_failed_subject.txt", context
        ).strip()
        text = render_to_string("nkhr_donations/email/charge_failed.txt", context)
    try:
        EmailMultiAlternatives(
            subject, text, settings.DEFAULT_FROM_EMAIL, [donation.donor_email]
        ).send()
    except Exception:
        logger.exception("Charge-failed email for %s failed", charge.payment_id)


def change_amount(donation: Donation, amount_minor: int) -> None:
    """From the next charge on; a month already charged keeps its amount."""
    Donation.objects.filter(pk=donation.pk).update(
        amount_minor=amount_minor, updated_at=timezone.now()
    )
    MonthlyCharge.objects.filter(donation=donation, status=ChargeStatus.FAILED).update(
        amount_minor=amount_minor
    )
    donation.refresh_from_db()


def pause(donation: Donation) -> None:
    """No charges, nor retries of a failed one, until the donor resumes."""
    Donation.objects.filter(pk=donation.pk, paused_at__isnull=True).update(
        paused_at=timezone.now()
    )
    donation.refresh_from_db()


def resume(donation: Donation) -> None:
    Donation.objects.filter(pk=donation.pk).update(paused_at=None)
    donation.refresh_from_db()
