"""Stripe webhooks through the endpoint: signatures, exactly-once, ordering."""

from __future__ import annotations

import json
import time

import pytest

from nkhr_donations.models import ProcessedWebhookEvent

from .conftest import event_for, post_event, sign, stripe_event

pytestmark = pytest.mark.django_db
URL = "/donations/webhooks/stripe/"


def _history(donation):
    return list(donation.status_changes.values_list("to_status", flat=True))


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Stripe-Signature": "t=1,v1=deadbeef"},
        {"Stripe-Signature": "garbage"},
    ],
)
def test_missing_or_bad_signature_is_refused(client, make_donation, headers):
    donation = make_donation()
    payload = json.dumps(event_for(donation, "succeeded"))
    response = client.post(
        URL, payload, content_type="application/json", headers=headers
    )
    assert response.status_code == 400
    assert "signature" in response.json()["error"]
    donation.refresh_from_db()
    assert donation.status == "pending"
    assert not ProcessedWebhookEvent.objects.exists()


def test_wrong_secret_stale_timestamp_and_altered_body_are_refused(
    client, make_donation
):
    donation = make_donation()
    payload = json.dumps(event_for(donation, "succeeded"))
    attempts = [
        (payload, sign(payload, secret="whsec_someone_else")),
        (payload, sign(payload, timestamp=int(time.time()) - 3600)),
        (payload.replace("paid", "PAID"), sign(payload)),
        ("not json", sign("not json")),
    ]
    for body, signature in attempts:
        response = client.post(
            URL,
            body,
            content_type="application/json",
            headers={"Stripe-Signature": signature},
        )
        assert response.status_code == 400
    donation.refresh_from_db()
    assert donation.status == "pending"
    assert not ProcessedWebhookEvent.objects.exists()


def test_get_is_not_allowed(client):
    assert client.get(URL).status_code == 405


def test_completed_checkout_confirms_and_sends_one_receipt(
    client, make_donation, mailoutbox, django_capture_on_commit_callbacks
):
    donation = make_donation()
    thanks = f"/donations/thanks/{donation.public_id}/"
    assert "waiting for the payment service" in client.get(thanks).content.decode()
    event = event_for(donation, "succeeded")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(client, event)
    assert "payment is confirmed" in client.get(thanks).content.decode()
    assert response.status_code == 200
    assert response.json()["outcome"] == "applied"
    donation.refresh_from_db()
    assert donation.status == "succeeded"
    assert donation.stripe_payment_intent_id == f"pi_test_{donation.pk}"
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        replay = post_event(client, event)
    assert replay.json()["outcome"] == "duplicate"
    assert _history(donation) == ["pending", "succeeded"]
    assert ProcessedWebhookEvent.objects.count() == 1
    assert len(mailoutbox) == 1


def test_out_of_order_events_never_move_backwards(client, make_donation):
    donation = make_donation()
    assert post_event(client, event_for(donation, "refunded")).json()["outcome"] == (
        "applied"
    )
    late = post_event(client, event_for(donation, "succeeded")).json()
    assert late["outcome"] == "unchanged"
    donation.refresh_from_db()
    assert donation.status == "refunded"
    assert _history(donation) == ["pending", "refunded"]
    # The late event still taught us its ids, and is recorded as processed.
    assert donation.stripe_payment_intent_id == f"pi_test_{donation.pk}"
    assert ProcessedWebhookEvent.objects.count() == 2


def test_monthly_subscription_lifecycle(client, make_donation):
    donation = make_donation(frequency="monthly")
    post_event(client, event_for(donation, "succeeded"))
    donation.refresh_from_db()
    assert donation.stripe_subscription_id == f"sub_test_{donation.pk}"
    post_event(client, event_for(donation, "cancelled"))
    donation.refresh_from_db()
    assert donation.status == "cancelled"


def test_unpaid_completion_waits_for_the_async_result(client, make_donation):
    donation = make_donation()
    event = event_for(donation, "succeeded")
    event["data"]["object"]["payment_status"] = "unpaid"
    assert post_event(client, event).json()["outcome"] == "unchanged"
    donation.refresh_from_db()
    assert donation.status == "pending"


def test_unknown_and_unrelated_events_are_acknowledged(client, make_donation):
    other = stripe_event(
        "checkout.session.completed",
        {
            "id": "cs_elsewhere",
            "payment_status": "paid",
            "metadata": {"donation_id": "not-a-uuid"},
        },
    )
    assert post_event(client, other).json()["outcome"] == "unmatched"
    ignored = stripe_event("customer.created", {"id": "cus_1"})
    assert post_event(client, ignored).json()["outcome"] == "ignored"
    assert ProcessedWebhookEvent.objects.count() == 2


def test_partial_refund_leaves_the_gift_standing(client, make_donation):
    donation = make_donation(status="succeeded")
    event = event_for(donation, "refunded")
    event["data"]["object"]["refunded"] = False
    post_event(client, event)
    donation.refresh_from_db()
    assert donation.status == "succeeded"


def test_thank_you_page_is_never_served_stale_from_the_page_cache(
    client, make_donation, settings
):
    settings.NKHR_PAGE_CACHE_ENABLED = True
    donation = make_donation()
    thanks = f"/donations/thanks/{donation.public_id}/"
    first = client.get(thanks)
    assert "no-store" in first["Cache-Control"]
    post_event(client, event_for(donation, "succeeded"))
    assert "payment is confirmed" in client.get(thanks).content.decode()


def _malformed(event: dict, where: str, value) -> dict:
    if where == "data":
        event["data"] = value
    elif where == "object":
        event["data"]["object"] = value
    elif where == "metadata":
        event["data"]["object"]["metadata"] = value
    else:
        event[where] = value
    return event


MALFORMED = [
    (where, value)
    for where in ("data", "object", "metadata")
    for value in ([], ["x"], "text", 5, 1.5, True, None)
] + [("id", ["evt_1"]), ("type", ["checkout.session.completed"]), ("type", 7)]


@pytest.mark.parametrize(("where", "value"), MALFORMED)
def test_signed_event_of_the_wrong_shape_is_refused_and_changes_nothing(
    client, make_donation, where, value
):
    donation = make_donation()
    event = _malformed(event_for(donation, "succeeded"), where, value)
    response = post_event(client, event)
    assert response.status_code == 400
    assert response.json()["error"] == "The webhook event is not in Stripe's format."
    donation.refresh_from_db()
    assert donation.status == "pending"
    assert list(donation.status_changes.values_list("to_status", flat=True)) == [
        "pending"
    ]
    assert not ProcessedWebhookEvent.objects.exists()


@pytest.mark.parametrize("value", [[], "text", None])
def test_wrong_shape_is_refused_for_events_we_do_not_handle_too(client, value):
    event = stripe_event("customer.created", {"id": "cus_1"})
    event["data"] = value
    assert post_event(client, event).status_code == 400
    assert not ProcessedWebhookEvent.objects.exists()


def test_an_object_without_metadata_is_still_accepted(client, make_donation):
    donation = make_donation(provider_reference="cs_test_nometa")
    event = event_for(donation, "succeeded")
    del event["data"]["object"]["metadata"]
    assert post_event(client, event).json()["outcome"] == "applied"
