"""Signed events delivered over HTTP to the running test server: a burst of
1,000 with duplicates in shuffled order (monthly gifts' invoices among them),
and simultaneous duplicates.

On SQLite the test server shares one in-memory connection between its request
threads (Django's live server does this so they see the test database), so
deliveries there go one at a time; PostgreSQL gets a pool of real concurrent
deliveries, which is where row locks and the unique constraint matter.
"""

from __future__ import annotations

import json
import random
import threading
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection

from nkhr_donations.models import (
    Donation,
    DonationStatusChange,
    MonthlyCharge,
    ProcessedWebhookEvent,
)
from nkhr_donations.services import STATUS_RANK

from .conftest import event_for, invoice_event, sign

pytestmark = pytest.mark.django_db(transaction=True)

SCENARIOS = {
    "one_time": [
        ["succeeded"],
        ["succeeded", "refunded"],
        ["failed"],
        ["cancelled"],
        ["failed", "succeeded"],
    ],
    "monthly": [["succeeded"], ["succeeded", "cancelled"]],
}


def deliver(base_url: str, payload: str) -> tuple[int, str]:
    request = urllib.request.Request(  # noqa: S310 - always the local test server
        base_url + "/donations/webhooks/stripe/",
        data=payload.encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Stripe-Signature": sign(payload)},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, json.loads(response.read())["outcome"]


def workers() -> int:
    return 4 if connection.vendor == "postgresql" else 1


def invoices(template: dict, donation: Donation) -> tuple[list[dict], dict]:
    """A subscription's invoices after Checkout: its first invoice (Checkout's
    own payment), a month paid, a month paid after a failure, and a month
    that failed twice. Returns the events and the charges they must leave."""
    month = 30 * 86400

    def invoice(event_type: str, number: int, **fields) -> dict:
        return invoice_event(
            template,
            donation,
            event_type,
            invoice_id=f"in_{donation.pk}_{number}",
            created=1_780_000_000 + number * month,
            **fields,
        )

    events = [
        invoice("invoice.paid", 1, billing_reason="subscription_create"),
        invoice("invoice.paid", 2),
        invoice("invoice.payment_failed", 3, next_payment_attempt=1_900_000_000),
        invoice("invoice.paid", 3, attempt_count=2),
        invoice("invoice.payment_failed", 4, next_payment_attempt=1_900_000_000),
        invoice("invoice.payment_failed", 4, attempt_count=2),
    ]
    amount = donation.amount_minor
    charges = {
        f"in_{donation.pk}_2": ("succeeded", 1, amount),
        f"in_{donation.pk}_3": ("succeeded", 2, amount),
        f"in_{donation.pk}_4": ("failed", 2, amount),
    }
    return events, charges


def test_burst_of_1000_shuffled_events_with_duplicates(
    live_server, make_donation, invoice_template
):
    rng = random.Random(6)
    expected: dict[int, str] = {}
    expected_charges: dict[str, tuple[str, int, int]] = {}
    events: list[str] = []
    for index in range(240):
        frequency = "monthly" if index % 4 == 0 else "one_time"
        donation = make_donation(frequency=frequency, amount_minor=10000 + index)
        scenario = rng.choice(SCENARIOS[frequency])
        expected[donation.pk] = max(scenario, key=STATUS_RANK.__getitem__)
        events += [json.dumps(event_for(donation, status)) for status in scenario]
        if frequency == "monthly":
            months, charges = invoices(invoice_template, donation)
            events += [json.dumps(event) for event in months]
            expected_charges.update(charges)
    distinct = len(events)
    # Stripe may deliver any event more than once: fill up to 1,000 with repeats.
    deliveries = events + [rng.choice(events) for _ in range(1000 - distinct)]
    rng.shuffle(deliveries)
    mail.outbox = []

    with ThreadPoolExecutor(max_workers=workers()) as pool:
        results = list(pool.map(lambda p: deliver(live_server.url, p), deliveries))

    assert len(results) == 1000
    assert {status for status, _ in results} == {200}
    outcomes = Counter(outcome for _, outcome in results)
    assert outcomes["duplicate"] == 1000 - distinct
    assert outcomes["applied"] + outcomes["unchanged"] == distinct
    assert ProcessedWebhookEvent.objects.count() == distinct
    assert Donation.objects.count() == len(expected)
    final = dict(Donation.objects.values_list("pk", "status"))
    assert final == expected
    charges = {
        charge.payment_id: (charge.status, charge.attempts, charge.amount_minor)
        for charge in MonthlyCharge.objects.all()
    }
    assert charges == expected_charges
    for donation_id in expected:
        steps = list(
            DonationStatusChange.objects.filter(donation_id=donation_id)
            .order_by("id")
            .values_list("to_status", flat=True)
        )
        ranks = [STATUS_RANK[s] for s in steps]
        assert ranks == sorted(set(ranks)), (donation_id, steps)  # forward, no repeats
    ever_succeeded = set(
        DonationStatusChange.objects.filter(to_status="succeeded").values_list(
            "donation__reference_code", flat=True
        )
    )
    receipts = Counter(
        code
        for message in mail.outbox
        for code in ever_succeeded
        if code in message.subject and "could not be charged" not in message.subject
    )
    assert set(receipts) == ever_succeeded
    assert set(receipts.values()) == {1}
    # A failed month is told at most once per failure (three per gift here).
    told = Counter(
        message.subject for message in mail.outbox if "could not" in message.subject
    )
    assert set(told.values()) <= {1, 2, 3}


def test_simultaneous_duplicate_deliveries_are_recorded_once(
    live_server, make_donation
):
    if connection.vendor != "postgresql":
        pytest.skip(
            "real concurrency needs PostgreSQL; this runs in the PostgreSQL pass"
        )
    donation = make_donation()
    payload = json.dumps(event_for(donation, "succeeded"))
    refund = json.dumps(event_for(donation, "refunded"))
    barrier = threading.Barrier(8)
    mail.outbox = []

    def race(body):
        barrier.wait()
        return deliver(live_server.url, body)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(race, [payload] * 6 + [refund] * 2))

    outcomes = Counter(outcome for _, outcome in results)
    assert outcomes["duplicate"] == 6
    assert ProcessedWebhookEvent.objects.count() == 2
    donation.refresh_from_db()
    assert donation.status == "refunded"
    steps = list(donation.status_changes.values_list("to_status", flat=True))
    assert steps.count("refunded") == 1
    assert steps.count("succeeded") <= 1
    assert len(mail.outbox) == steps.count("succeeded")
