"""Hostile input to the donation endpoints: webhooks with malformed, oversized
or wrongly typed bodies (signed or not), the donation and pledge forms with
values of the wrong type or size, and page ids too large for the database.
Never a 500 (a provider would retry it for days), never a changed record."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from nkhr_donations import donors
from nkhr_donations.models import (
    DebitMandate,
    Donation,
    DonationStatusChange,
    Donor,
    ProcessedWebhookEvent,
)
from nkhr_donations.receipts import cancel_token

from .conftest import portone_delivery, post_event, stripe_event

SCRIPT = '"><script>alert("nkhr")</script>'
HOSTILE = [
    "",
    "a\x00b",
    "x" * 100_000,
    SCRIPT,
    "\u202e\u200b",
    "1e400",
    "NaN",
    "-Infinity",
    "-1",
    "99999999999999999999999999",
    "0x10",
    "1,000,000,000,000,000,000",
]
DONATION_FIELDS = (
    "method",
    "portone_pay_method",
    "frequency",
    "currency",
    "preset_amount",
    "custom_amount",
    "designation",
    "donor_name",
    "donor_email",
    "message",
    "wants_receipt",
    "national_id",
    "privacy_consent",
)


@pytest.fixture
def visitor() -> Client:
    return Client(raise_request_exception=False)


def _records() -> tuple[int, ...]:
    return (
        Donation.objects.count(),
        DonationStatusChange.objects.count(),
        ProcessedWebhookEvent.objects.count(),
        DebitMandate.objects.count(),
    )


def _assert_safe(response) -> str:
    assert response.status_code < 500, response.status_code
    body = response.content.decode("utf-8", "replace")
    assert "Traceback" not in body
    assert "<script>alert(" not in body
    return body


UNSIGNED_BODIES = [
    ("application/json", b""),
    ("application/json", b"{bad"),
    ("application/json", b"null"),
    ("application/json", b"[]"),
    ("text/plain", b"\xff\xfe\x00"),
    ("multipart/form-data; boundary=x", b"--x\r\nbroken"),
    ("application/x-www-form-urlencoded", b"type=checkout.session.completed"),
    ("application/json", b"{" + b'"a":1,' * 600_000 + b'"b":1}'),  # over 2.5 MB
]
BAD_SIGNATURES = [
    {},
    {"Stripe-Signature": "t=1,v1=abc"},
    {"Stripe-Signature": "\x00" * 10},
    {"Stripe-Signature": "t=abc,v1=" + "f" * 5000},
    {"webhook-id": "x", "webhook-timestamp": "abc", "webhook-signature": "v1,%%%"},
    {"webhook-id": "", "webhook-timestamp": "99999999999999999999"},
]


@pytest.mark.parametrize(
    "url", ["/donations/webhooks/stripe/", "/donations/webhooks/portone/"]
)
def test_unsigned_or_malformed_webhooks_are_400_and_change_nothing(
    visitor, make_donation, url
):
    make_donation()
    before = _records()
    for content_type, body in UNSIGNED_BODIES:
        for headers in BAD_SIGNATURES:
            response = visitor.generic(
                "POST", url, body, content_type=content_type, headers=headers
            )
            _assert_safe(response)
            assert response.status_code == 400, (content_type, body[:20], headers)
    assert _records() == before


SIGNED_STRIPE_OBJECTS = [
    {},
    {"object": "checkout.session", "id": None, "metadata": None},
    {"object": "checkout.session", "id": "cs_x", "metadata": {"donation": SCRIPT}},
    {
        "object": "checkout.session",
        "id": "cs_x",
        "metadata": {"donation_id": "99999999999999999999", "reference": "\x00"},
        "amount_total": "abc",
        "payment_status": ["paid"],
    },
    {"object": "invoice", "subscription": {"id": 1}, "amount_paid": -5},
    {"object": "subscription", "id": 12, "metadata": "not a dict"},
]


@pytest.mark.parametrize(
    "event_type",
    [
        "checkout.session.completed",
        "checkout.session.expired",
        "invoice.paid",
        "customer.subscription.deleted",
        "no.such.event",
    ],
)
def test_signed_stripe_events_of_a_wrong_shape_change_nothing(
    visitor, make_donation, event_type
):
    make_donation()
    before = _records()
    for index, obj in enumerate(SIGNED_STRIPE_OBJECTS):
        event = stripe_event(event_type, obj, f"evt_hostile_{index}")
        response = post_event(visitor, event)
        _assert_safe(response)
        assert response.status_code in (200, 400), (obj, response.status_code)
    donations = Donation.objects.count(), DonationStatusChange.objects.count()
    assert donations == before[:2]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"type": "Transaction.Paid"},
        {"type": "Transaction.Paid", "data": None},
        {"type": "Transaction.Paid", "data": {"paymentId": SCRIPT}},
        {"type": "Transaction.Paid", "data": {"paymentId": "x" * 10_000}},
        {"type": "Transaction.Paid", "data": {"paymentId": 12, "storeId": []}},
        {"type": "BillingKey.Issued", "data": {"billingKey": "\x00"}},
        {"type": ["list"], "data": "string"},
    ],
    ids=lambda body: json.dumps(body)[:40],
)
def test_signed_portone_deliveries_of_a_wrong_shape_change_nothing(
    visitor, make_donation, body
):
    make_donation(provider="portone")
    before = _records()
    payload, headers = portone_delivery(body)
    response = visitor.post(
        "/donations/webhooks/portone/",
        payload,
        content_type="application/json",
        headers=headers,
    )
    _assert_safe(response)
    assert response.status_code in (200, 400), response.status_code
    assert _records()[:2] == before[:2]


@pytest.mark.parametrize("language", ["en", "ko"])
def test_hostile_values_in_the_donation_form_get_the_form_again(
    visitor, donation_page, bank_accounts, language
):
    url = donation_page[language].url
    valid = {
        "method": "bank_transfer",
        "frequency": "one_time",
        "currency": "KRW",
        "custom_amount": "10000",
        "designation": "general",
        "donor_name": "Lee Ji-yoon",
        "donor_email": "jiyoon@example.org",
        "privacy_consent": "on",
    }
    refused = 0
    for field in DONATION_FIELDS:
        for value in HOSTILE:
            before = _records()
            response = visitor.post(url, {**valid, field: value})
            body = _assert_safe(response)
            if response.status_code == 302:  # a value that is valid after all
                continue
            refused += 1
            assert response.status_code == 400, (field, value[:20])
            assert f'lang="{language}"' in body
            assert _records() == before, (field, value[:20])
    assert refused > len(DONATION_FIELDS)


@pytest.mark.parametrize("page_id", [2**31, 2**63, 10**21])
def test_a_pledge_page_id_too_large_for_the_database_is_a_404(db, visitor, page_id):
    response = visitor.get(f"/donations/auto-debit/{page_id}/", follow=True)
    assert response.status_code == 404
    for hop, status in response.redirect_chain:
        assert status < 500, hop


def test_the_thank_you_page_is_read_only(visitor, make_donation):
    donation = make_donation()
    url = f"/donations/thanks/{donation.public_id}/"
    assert visitor.get(url).status_code == 200
    assert visitor.head(url).status_code == 200
    before = _records()
    for method in ("POST", "PUT", "DELETE"):
        response = visitor.generic(method, url, b"status=succeeded")
        assert response.status_code == 405, method
        assert response["Allow"] == "GET, HEAD"
    assert _records() == before


def _public_urls(make_donation, donation_page) -> list[tuple[str, str]]:
    """Every donor-facing address of the app, with the methods it takes."""
    portone_gift = make_donation(provider="portone")
    monthly = make_donation(provider="portone", frequency="monthly")
    donor = Donor.objects.create(name="Lee Ji-yoon", email="jiyoon@example.org")
    token = donors.issue_confirmation_token(donor)
    read, form = "GET, HEAD", "GET, HEAD, POST"
    return [
        (f"/donations/portone/{portone_gift.public_id}/", read),
        (f"/donations/portone/{portone_gift.public_id}/done/", read),
        (f"/donations/thanks/{portone_gift.public_id}/", read),
        (f"/donations/monthly/cancel/{cancel_token(monthly)}/", form),
        (f"/donations/monthly/manage/{cancel_token(monthly)}/", form),
        (f"/donations/confirm-email/{token}/", form),
        (f"/donations/auto-debit/{donation_page['ko'].pk}/", form),
        (f"/donations/auto-debit/thanks/{portone_gift.public_id}/", read),
        ("/donations/webhooks/stripe/", "POST"),
        ("/donations/webhooks/portone/", "POST"),
        # A Wagtail page: OPTIONS answers with the Allow header, like every page.
        (donation_page["en"].url, "GET, HEAD, OPTIONS, POST"),
    ]


def test_every_address_answers_only_the_methods_it_needs(
    visitor, make_donation, donation_page
):
    urls = _public_urls(make_donation, donation_page)
    before = _records(), list(Donation.objects.values_list("status", "updated_at"))
    for url, allowed in urls:
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
            if method in allowed.split(", "):
                continue
            response = visitor.generic(method, url, b"action=cancel&confirm=True")
            assert response.status_code == 405, (method, url, response.status_code)
            assert response["Allow"] == allowed, (method, url)
            body = _assert_safe(response)
            assert "This address does not accept this kind of request" in body, url
    assert (
        _records(),
        list(Donation.objects.values_list("status", "updated_at")),
    ) == before
    assert not Donor.objects.filter(verified_at__isnull=False).exists()
