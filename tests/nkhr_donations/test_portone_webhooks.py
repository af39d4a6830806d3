"""PortOne webhooks: Standard Webhooks signatures checked by the SDK, each
delivery applied once, in any order, with PortOne (Prism) asked for the
payment's state each time; a burst of 1,000 shuffled and repeated deliveries
over HTTP leaves every donation right."""

from __future__ import annotations

import base64
import json
import random
import threading
import time
import urllib.request
import uuid
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

from .conftest import portone_delivery, portone_transaction

URL = "/donations/webhooks/portone/"

# What PortOne says in the end -> (its recorded payment, the webhooks it sends).
SCENARIOS = {
    "succeeded": ("paid_10000", ["Transaction.Ready", "Transaction.Paid"]),
    "refunded": ("cancelled_10000", ["Transaction.Paid", "Transaction.Cancelled"]),
    "failed": ("failed_10000", ["Transaction.Failed"]),
    "pending": ("ready_10000", ["Transaction.Ready"]),
}


def post(client, payload: bytes, headers: dict[str, str]):
    return client.post(
        URL,
        payload,
        content_type="application/json",
        **{f"HTTP_{name.upper().replace('-', '_')}": v for name, v in headers.items()},
    )


@pytest.fixture
def paid_gift(make_donation, prism):
    donation = make_donation(
        provider="portone", amount_minor=10000, provider_reference="nkhr-paid-gift"
    )
    prism.examples[donation.provider_reference] = "paid_10000"
    return donation


@pytest.mark.django_db
def test_signed_paid_webhook_confirms_once(client, paid_gift, prism, mailoutbox):
    body = portone_transaction("Transaction.Paid", paid_gift.provider_reference)
    payload, headers = portone_delivery(body)
    response = post(client, payload, headers)
    assert response.status_code == 200
    assert response.json()["outcome"] == "applied"
    paid_gift.refresh_from_db()
    assert paid_gift.status == "succeeded"
    assert response.json()["event"] == headers["webhook-id"]
    # The same delivery again: recorded once, PortOne not asked again.
    asked = len(prism.requests)
    assert post(client, payload, headers).json()["outcome"] == "duplicate"
    assert len(prism.requests) == asked
    assert ProcessedWebhookEvent.objects.filter(provider="portone").count() == 1


def _resigned(body: dict) -> tuple[bytes, dict[str, str]]:
    other = "whsec_" + base64.b64encode(b"someone-else").decode()
    return portone_delivery(body, secret=other)


def _stale(body: dict) -> tuple[bytes, dict[str, str]]:
    return portone_delivery(body, timestamp=int(time.time()) - 3600)


def _unsigned(body: dict) -> tuple[bytes, dict[str, str]]:
    return json.dumps(body).encode(), {}


def _tampered(body: dict) -> tuple[bytes, dict[str, str]]:
    payload, headers = portone_delivery(body)
    return payload.replace(b"nkhr-paid-gift", b"nkhr-paid-gifu"), headers


@pytest.mark.django_db
@pytest.mark.parametrize("make", [_unsigned, _resigned, _stale, _tampered])
def test_bad_signatures_change_nothing(client, paid_gift, prism, make):
    body = portone_transaction("Transaction.Paid", paid_gift.provider_reference)
    payload, headers = make(body)
    response = post(client, payload, headers)
    assert response.status_code == 400
    assert response.json() == {"error": "The webhook signature is missing or invalid."}
    paid_gift.refresh_from_db()
    assert paid_gift.status == "pending"
    assert not ProcessedWebhookEvent.objects.exists()
    assert prism.requests == []


@pytest.mark.django_db
def test_webhook_for_another_amount_is_not_applied(client, make_donation, prism):
    donation = make_donation(
        provider="portone", amount_minor=30000, provider_reference="nkhr-mismatch"
    )
    prism.examples["nkhr-mismatch"] = "paid_10000"
    payload, headers = portone_delivery(
        portone_transaction("Transaction.Paid", "nkhr-mismatch")
    )
    assert post(client, payload, headers).json()["outcome"] == "mismatch"
    donation.refresh_from_db()
    assert donation.status == "pending"


@pytest.mark.django_db
def test_unknown_payments_and_other_events_are_acknowledged(client, prism):
    payload, headers = portone_delivery(
        portone_transaction("Transaction.Paid", "not-ours")
    )
    assert post(client, payload, headers).json()["outcome"] == "unmatched"
    body = {
        "type": "BillingKey.Ready",
        "timestamp": "2026-12-01T09:00:00.000Z",
        "data": {"billingKey": "bk", "storeId": "store-nkhr-test"},
    }
    payload, headers = portone_delivery(body)
    assert post(client, payload, headers).json()["outcome"] == "ignored"
    assert prism.requests == []


@pytest.mark.django_db
def test_portone_down_lets_portone_deliver_again(client, paid_gift, settings):
    settings.PORTONE_API_BASE = "http://127.0.0.1:9"
    payload, headers = portone_delivery(
        portone_transaction("Transaction.Paid", paid_gift.provider_reference)
    )
    assert post(client, payload, headers).status_code == 503
    assert not ProcessedWebhookEvent.objects.exists()  # the retry is processed


def deliver(
    base_url: str, delivery: tuple[dict, str], timeout: int = 30
) -> tuple[int, str]:
    """Each attempt is signed when it is sent, as PortOne does: a repeat keeps
    its ``webhook-id`` and gets a fresh timestamp (a slow burst must not turn
    into stale signatures)."""
    body, delivery_id = delivery
    payload, headers = portone_delivery(body, delivery_id=delivery_id)
    request = urllib.request.Request(  # noqa: S310 - always the local test server
        base_url + URL,
        data=payload,
        method="POST",
        headers={"Content-Type": "application/json", **headers},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return response.status, json.loads(response.read())["outcome"]


@pytest.mark.django_db(transaction=True)
def test_burst_of_1000_shuffled_deliveries_with_duplicates(
    live_server, make_donation, prism
):
    rng = random.Random(21)
    expected: dict[int, str] = {}
    deliveries = []
    for index in range(60):
        final = rng.choice(list(SCENARIOS))
        example, event_types = SCENARIOS[final]
        amount = 10000
        if index % 10 == 0:  # a tampered gift: PortOne's amount is not ours
            amount, final = 30000, "pending"
        donation = make_donation(
            provider="portone",
            amount_minor=amount,
            provider_reference=f"nkhr-burst-{index}",
        )
        prism.examples[donation.provider_reference] = example
        expected[donation.pk] = final
        # One webhook-id per event; PortOne repeats it under the same id.
        deliveries += [
            (portone_transaction(t, donation.provider_reference), uuid.uuid4().hex)
            for t in event_types
        ]
    distinct = len(deliveries)
    deliveries += [rng.choice(deliveries) for _ in range(1000 - distinct)]
    rng.shuffle(deliveries)
    mail.outbox = []

    results = [deliver(live_server.url, delivery) for delivery in deliveries]

    assert {status for status, _ in results} == {200}
    outcomes = Counter(outcome for _, outcome in results)
    assert outcomes["duplicate"] == 1000 - distinct
    assert ProcessedWebhookEvent.objects.filter(provider="portone").count() == distinct
    assert dict(Donation.objects.values_list("pk", "status")) == expected
    for donation_id in expected:
        steps = list(
            DonationStatusChange.objects.filter(donation_id=donation_id)
            .order_by("id")
            .values_list("to_status", flat=True)
        )
        ranks = [STATUS_RANK[s] for s in steps]
        assert ranks == sorted(set(ranks)), (donation_id, steps)
    succeeded = set(
        DonationStatusChange.objects.filter(to_status="succeeded").values_list(
            "donation__reference_code", flat=True
        )
    )
    receipts = Counter(
        code for message in mail.outbox for code in succeeded if code in message.subject
    )
    assert set(receipts) == succeeded
    assert set(receipts.values()) <= {1}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_identical_deliveries_are_recorded_once(
    live_server, make_donation, prism
):
    """PortOne delivers one webhook several times at once (a retry while the
    first is still being answered): real concurrent requests on PostgreSQL,
    where row locks and the unique constraint decide, leave one record of each
    payment, one status change and one receipt, and one paid month."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "real concurrency needs PostgreSQL; this runs in the PostgreSQL pass"
        )
    gift = make_donation(
        provider="portone", amount_minor=10000, provider_reference="nkhr-race-gift"
    )
    prism.examples[gift.provider_reference] = "paid_10000"
    monthly_gift = make_donation(
        provider="portone",
        frequency="monthly",
        amount_minor=10000,
        status="succeeded",
        portone_billing_key="bk",
    )
    charge = MonthlyCharge.objects.create(
        donation=monthly_gift,
        period="2026-11",
        payment_id="nkhr-race-month",
        amount_minor=10000,
        currency="KRW",
        status="failed",
        attempts=1,
    )
    prism.examples[charge.payment_id] = "paid_10000"
    # Each delivery several times at once; the month's payment also under a
    # second delivery id (PortOne telling it twice), racing the first.
    payment_ids = [gift.provider_reference, charge.payment_id, charge.payment_id]
    deliveries = [
        (portone_transaction("Transaction.Paid", payment_id), f"msg_race_{n}")
        for n, payment_id in enumerate(payment_ids)
    ]
    threads = 3
    barrier = threading.Barrier(threads * len(deliveries))
    mail.outbox = []

    def race(delivery):
        barrier.wait()
        # Nine requests at once, each asking Prism, on a loaded test machine:
        # slow is not wrong here, a lost or doubled record is.
        return deliver(live_server.url, delivery, timeout=180)

    with ThreadPoolExecutor(max_workers=threads * len(deliveries)) as pool:
        results = list(pool.map(race, deliveries * threads))

    assert {status for status, _ in results} == {200}
    outcomes = Counter(outcome for _, outcome in results)
    assert outcomes == {
        "applied": 2,
        "unchanged": 1,  # the month told again: paid once, by the first
        "duplicate": len(deliveries) * (threads - 1),
    }
    assert ProcessedWebhookEvent.objects.filter(provider="portone").count() == 3
    gift.refresh_from_db()
    assert gift.status == "succeeded"
    assert list(gift.status_changes.values_list("to_status", flat=True)) == [
        "pending",
        "succeeded",
    ]
    assert [
        message for message in mail.outbox if gift.reference_code in message.subject
    ]
    assert len(mail.outbox) == 1  # the gift's receipt, once
    charge.refresh_from_db()
    assert (charge.status, charge.attempts) == ("succeeded", 2)
    assert MonthlyCharge.objects.count() == 1
