"""Stripe subscriptions: every month Stripe bills is recorded once, from
``invoice.paid`` and ``invoice.payment_failed`` (signed here as Stripe signs,
with invoices of the shape stripe-mock serves), and counted on the receipts,
the statutory receipt, Hometax and the Finance report like PortOne's months."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from nkhr_donations import crypto, statutory
from nkhr_donations.admin_views import donation_totals
from nkhr_donations.models import Donation, Donor, MonthlyCharge, ProcessedWebhookEvent
from nkhr_donations.receipts import annual_receipts, cancel_url

from .conftest import event_for, invoice_event, post_event, sign

pytestmark = pytest.mark.django_db
TZ = timezone.get_default_timezone()
YEAR = timezone.localdate().year


def _at(year: int, month: int, day: int = 5) -> int:
    return int(datetime(year, month, day, 10, tzinfo=TZ).timestamp())


@pytest.fixture
def gift(make_donation, client, django_capture_on_commit_callbacks):
    """A monthly gift of 25,000원 whose Checkout payment (the first month,
    started last year) Stripe has confirmed."""
    donor = Donor.objects.create(
        name="Kim Min-ji", email="minji@example.org", verified_at=timezone.now()
    )
    donation = make_donation(
        frequency="monthly",
        amount_minor=25000,
        wants_receipt=True,
        donor=donor,
        national_id_ciphertext=crypto.encrypt("900101-1234568"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, event_for(donation, "succeeded")).status_code == 200
    Donation.objects.filter(pk=donation.pk).update(
        created_at=datetime(YEAR - 1, 11, 20, 9, tzinfo=TZ),
        confirmed_at=datetime(YEAR - 1, 11, 20, 9, tzinfo=TZ),
    )
    donation.refresh_from_db()
    assert donation.stripe_subscription_id == f"sub_test_{donation.pk}"
    return donation


def test_each_month_is_recorded_once_and_counted(
    client, gift, invoice_template, finance_user, settings
):
    settings.DONATIONS_RECEIPT_ISSUER = {"registration_number": "1", "gift_code": "40"}
    months = {
        "in_dec": _at(YEAR - 1, 12, 20),
        "in_jan": _at(YEAR, 1, 20),
        "in_feb": _at(YEAR, 2, 20),
        "in_mar": _at(YEAR, 3, 20),
    }
    events = {
        invoice_id: invoice_event(
            invoice_template, gift, "invoice.paid", invoice_id=invoice_id, created=at
        )
        for invoice_id, at in months.items()
    }
    for event in events.values():
        response = post_event(client, event)
        assert response.status_code == 200
        assert response.json()["outcome"] == "applied"
    # The same event again, and another event about a paid invoice.
    assert post_event(client, events["in_jan"]).json()["outcome"] == "duplicate"
    again = invoice_event(
        invoice_template, gift, "invoice.paid", invoice_id="in_feb", created=1
    )
    assert post_event(client, again).json()["outcome"] == "unchanged"

    charges = MonthlyCharge.objects.filter(donation=gift).order_by("paid_at")
    assert [(c.payment_id, c.provider, c.status, c.amount_minor) for c in charges] == [
        (invoice_id, "stripe", "succeeded", 25000) for invoice_id in months
    ]
    assert [c.period for c in charges] == [
        f"{YEAR - 1}-12",
        f"{YEAR}-01",
        f"{YEAR}-02",
        f"{YEAR}-03",
    ]
    assert charges[1].paid_at == datetime.fromtimestamp(months["in_jan"] + 60, TZ)
    gift.refresh_from_db()
    assert gift.status == "succeeded"  # a month paid is not a status change

    # The receipts: the Checkout month and December last year, three this year.
    (last_year,) = annual_receipts(YEAR - 1)
    assert last_year.gifts == [
        (date(YEAR - 1, 11, 20), 25000, "KRW"),
        (date(YEAR - 1, 12, 20), 25000, "KRW"),
    ]
    (receipt,) = annual_receipts(YEAR)
    assert receipt.totals == {"KRW": 75000}
    assert [day for day, _amount, _currency in receipt.gifts] == [
        date(YEAR, 1, 20),
        date(YEAR, 2, 20),
        date(YEAR, 3, 20),
    ]
    entry = statutory.issue(YEAR, receipt.key, user=finance_user)
    assert (entry.gifts, entry.total_minor) == (3, 75000)
    (krw,) = donation_totals(Donation.objects.all())
    assert krw["confirmed"] == 125000
    client.force_login(finance_user)
    detail = client.get(reverse("nkhr_donations_admin:detail", args=[gift.pk]))
    assert "in_feb" in detail.content.decode()


def test_a_stopped_gift_keeps_its_months_and_a_refunded_one_counts_none(
    client, gift, invoice_template
):
    post_event(
        client,
        invoice_event(
            invoice_template,
            gift,
            "invoice.paid",
            invoice_id="in_jan",
            created=_at(YEAR, 1),
        ),
    )
    post_event(client, event_for(gift, "cancelled"))
    assert annual_receipts(YEAR)[0].totals == {"KRW": 25000}
    Donation.objects.filter(pk=gift.pk).update(status="refunded")
    assert annual_receipts(YEAR) == []


def test_first_invoice_confirms_the_gift_in_any_order(
    client,
    make_donation,
    invoice_template,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    """The first invoice is Checkout's own payment: it confirms the gift as
    the session's completion does (one receipt email), and is no month of its
    own, whichever of the two events comes first."""
    donation = make_donation(frequency="monthly", amount_minor=25000)
    first = invoice_event(
        invoice_template,
        donation,
        "invoice.paid",
        invoice_id="in_first",
        billing_reason="subscription_create",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, first).json()["outcome"] == "applied"
        completed = post_event(client, event_for(donation, "succeeded"))
    assert completed.json()["outcome"] == "unchanged"
    donation.refresh_from_db()
    assert donation.status == "succeeded"
    assert donation.stripe_subscription_id == f"sub_test_{donation.pk}"
    assert not MonthlyCharge.objects.exists()
    assert len(mailoutbox) == 1
    (krw,) = donation_totals(Donation.objects.all())
    assert krw["confirmed"] == 25000


def test_failed_month_is_marked_and_the_donor_told(
    client, gift, invoice_template, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    retry = _at(YEAR + 1, 1, 8)

    def failed(attempt: int, next_attempt: int | None):
        return invoice_event(
            invoice_template,
            gift,
            "invoice.payment_failed",
            invoice_id="in_jan",
            created=_at(YEAR, 1),
            attempt_count=attempt,
            next_payment_attempt=next_attempt,
        )

    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, failed(1, retry)).json()["outcome"] == "applied"
    charge = MonthlyCharge.objects.get(payment_id="in_jan")
    assert (charge.status, charge.attempts, charge.provider) == ("failed", 1, "stripe")
    assert charge.next_attempt_at == datetime.fromtimestamp(retry, TZ)
    assert charge.paid_at is None
    (message,) = mailoutbox
    assert gift.reference_code in message.subject
    assert f"{YEAR + 1}-01-08" in message.body
    assert cancel_url(gift) in message.body  # Stripe's donors stop the gift there
    assert "pause" not in message.body
    # The same failure told again (another event id): nothing changes.
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, failed(1, retry)).json()["outcome"] == "unchanged"
    assert len(mailoutbox) == 1
    assert annual_receipts(YEAR) == []  # a failed month is not counted
    # Stripe's retry is paid; a failure delivered late does not undo it.
    paid = invoice_event(
        invoice_template,
        gift,
        "invoice.paid",
        invoice_id="in_jan",
        created=_at(YEAR, 1),
        attempt_count=2,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, paid).json()["outcome"] == "applied"
        assert post_event(client, failed(2, None)).json()["outcome"] == "unchanged"
    charge.refresh_from_db()
    assert (charge.status, charge.attempts, charge.next_attempt_at) == (
        "succeeded",
        2,
        None,
    )
    assert charge.last_error == ""
    assert len(mailoutbox) == 1
    assert MonthlyCharge.objects.count() == 1
    assert annual_receipts(YEAR)[0].totals == {"KRW": 25000}


def test_last_failure_in_korean_says_no_more_attempts(
    client, gift, invoice_template, mailoutbox, django_capture_on_commit_callbacks
):
    Donation.objects.filter(pk=gift.pk).update(language="ko")
    mailoutbox.clear()
    event = invoice_event(
        invoice_template,
        gift,
        "invoice.payment_failed",
        invoice_id="in_last",
        attempt_count=4,
        next_payment_attempt=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, event)
    (message,) = mailoutbox
    assert "더 이상 결제를 시도하지 않으며" in message.body
    assert "해지" in message.body


def test_a_stopped_gift_is_not_told_of_failures(
    client, gift, invoice_template, mailoutbox, django_capture_on_commit_callbacks
):
    post_event(client, event_for(gift, "cancelled"))
    mailoutbox.clear()
    event = invoice_event(
        invoice_template,
        gift,
        "invoice.payment_failed",
        invoice_id="in_late",
        next_payment_attempt=_at(YEAR + 1, 1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, event).json()["outcome"] == "applied"
    assert MonthlyCharge.objects.get().status == "failed"
    assert mailoutbox == []


def test_invoices_not_of_this_gift_change_nothing(
    client, gift, make_donation, invoice_template
):
    other_currency = invoice_event(
        invoice_template, gift, "invoice.paid", invoice_id="in_usd"
    )
    other_currency["data"]["object"]["currency"] = "usd"
    other_subscription = invoice_event(
        invoice_template,
        gift,
        "invoice.paid",
        invoice_id="in_other",
        subscription="sub_someone_else",
    )
    stranger = make_donation(frequency="monthly")
    unknown = invoice_event(
        invoice_template, stranger, "invoice.paid", invoice_id="in_unknown"
    )
    Donation.objects.filter(pk=stranger.pk).delete()
    one_off = invoice_event(
        invoice_template, gift, "invoice.paid", invoice_id="in_one_off"
    )
    one_off["data"]["object"]["parent"] = None
    outcomes = [
        post_event(client, event).json()["outcome"]
        for event in (other_currency, other_subscription, unknown, one_off)
    ]
    assert outcomes == ["mismatch", "mismatch", "unmatched", "ignored"]
    assert not MonthlyCharge.objects.exists()


def test_older_api_versions_name_the_subscription_at_the_top(
    client, gift, invoice_template
):
    """An account whose default API version predates 2025-03-31 sends
    ``subscription`` and ``subscription_details`` on the invoice itself."""
    event = invoice_event(invoice_template, gift, "invoice.paid", invoice_id="in_old")
    invoice = event["data"]["object"]
    details = invoice.pop("parent")["subscription_details"]
    invoice["subscription"] = details["subscription"]
    invoice["subscription_details"] = {"metadata": details["metadata"]}
    assert post_event(client, event).json()["outcome"] == "applied"
    assert MonthlyCharge.objects.get().payment_id == "in_old"


@pytest.mark.parametrize("bad", ["unsigned", "other secret", "altered"])
def test_unsigned_or_altered_invoice_events_are_refused(
    client, gift, invoice_template, bad
):
    event = invoice_event(invoice_template, gift, "invoice.paid", invoice_id="in_x")
    payload = json.dumps(event)
    headers = {
        "unsigned": {},
        "other secret": {"Stripe-Signature": sign(payload, "whsec_other")},
        "altered": {"Stripe-Signature": sign(payload)},
    }[bad]
    if bad == "altered":
        payload = payload.replace('"amount_paid": 25000', '"amount_paid": 2500000')
    response = client.post(
        "/donations/webhooks/stripe/",
        payload,
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400
    assert not MonthlyCharge.objects.exists()
    assert not ProcessedWebhookEvent.objects.filter(event_type="invoice.paid").exists()


def test_invoice_with_a_malformed_id_is_refused_whole(client, gift, invoice_template):
    event = invoice_event(invoice_template, gift, "invoice.paid", invoice_id="in_x")
    event["data"]["object"]["id"] = "in_" + "x" * 100
    assert post_event(client, event).status_code == 400
    assert not MonthlyCharge.objects.exists()
    assert not ProcessedWebhookEvent.objects.filter(event_type="invoice.paid").exists()
