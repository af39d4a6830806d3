"""Korean cards and easy pay through PortOne V2, against Prism serving
PortOne's own API description (scripts/services/prism.sh). The browser's word
is never taken: each payment is fetched from PortOne and checked."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from nkhr_donations.models import Donation
from nkhr_donations.providers import portone

from .conftest import form_data

pytestmark = pytest.mark.django_db


def done_url(donation, **params) -> str:
    url = reverse("nkhr_donations:portone_complete", args=[donation.public_id])
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{url}?{query}" if query else url


@pytest.fixture
def portone_gift(client, donation_page, prism):
    """A one-time gift of 10,000 won recorded through the (English) form, not
    yet paid: the donor reads English messages."""
    data = form_data(method="portone", preset_amount="KRW-10000")
    response = client.post(donation_page["en"].url, data)
    assert response.status_code == 302, response.content.decode()
    donation = Donation.objects.get()
    assert response["Location"] == reverse(
        "nkhr_donations:portone_checkout", args=[donation.public_id]
    )
    return donation


def test_form_records_a_pending_gift_and_opens_our_checkout(portone_gift, client):
    donation = portone_gift
    assert (donation.provider, donation.status) == ("portone", "pending")
    assert donation.provider_reference == f"nkhr-{donation.public_id.hex}"
    assert donation.portone_pay_method == "CARD"
    response = client.get(
        reverse("nkhr_donations:portone_checkout", args=[donation.public_id])
    )
    assert response.status_code == 200
    html = response.content.decode()
    found = re.search(r'<script id="portone-request"[^>]*>(.*?)</script>', html)
    request = json.loads(found.group(1))
    assert request["paymentId"] == donation.provider_reference
    assert (request["totalAmount"], request["currency"]) == (10000, "CURRENCY_KRW")
    assert request["storeId"] == "store-nkhr-test"
    assert request["channelKey"] == "channel-key-card"
    assert "portone-test-secret" not in html  # the API secret stays on the server
    assert "https://cdn.portone.io" in response["Content-Security-Policy"]
    assert "/static/nkhr_donations/js/portone-checkout" in html


def test_easy_pay_uses_its_own_channel(client, donation_page, prism):
    data = form_data(
        method="portone", preset_amount="KRW-10000", portone_pay_method="EASY_PAY"
    )
    client.post(donation_page["ko"].url, data)
    donation = Donation.objects.get()
    request = portone.browser_request(donation, "http://testserver/done/")
    assert (request["payMethod"], request["channelKey"]) == (
        "EASY_PAY",
        "channel-key-easypay",
    )


def test_paid_payment_is_confirmed_after_asking_portone(portone_gift, client, prism):
    donation = portone_gift
    prism.examples[donation.provider_reference] = "paid_10000"
    response = client.get(done_url(donation, paymentId=donation.provider_reference))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "nkhr_donations:thanks", args=[donation.public_id]
    )
    donation.refresh_from_db()
    assert donation.status == "succeeded"
    assert donation.confirmed_at is not None
    assert f"GET /payments/{donation.provider_reference}" in prism.requests
    # Coming back again (a reload) changes nothing and asks nobody.
    asked = len(prism.requests)
    assert client.get(done_url(donation, paymentId="x")).status_code == 302
    assert len(prism.requests) == asked
    assert donation.status_changes.count() == 2


@pytest.mark.parametrize(
    "example", ["paid_30000", "paid_10000_usd"], ids=["amount", "currency"]
)
def test_tampered_amount_or_currency_is_refused(portone_gift, client, prism, example):
    """The donor paid another amount than the one recorded (a browser that
    changed the request): nothing is recorded, the donor is told why."""
    donation = portone_gift
    prism.examples[donation.provider_reference] = example
    response = client.get(done_url(donation, paymentId=donation.provider_reference))
    assert response.status_code == 400
    assert "does not match your donation" in response.content.decode()
    donation.refresh_from_db()
    assert donation.status == "pending"
    assert donation.status_changes.count() == 1


def test_payment_id_of_another_donation_is_refused(
    portone_gift, client, prism, make_donation
):
    other = make_donation(
        provider="portone", amount_minor=10000, provider_reference="nkhr-other"
    )
    prism.examples["nkhr-other"] = "paid_10000"
    response = client.get(done_url(portone_gift, paymentId="nkhr-other"))
    assert response.status_code == 400
    assert "does not match your donation" in response.content.decode()
    assert prism.requests == []  # not even asked: the id is not this gift's
    for donation in (portone_gift, other):
        donation.refresh_from_db()
        assert donation.status == "pending"


def test_window_closed_or_declined_changes_nothing(portone_gift, client, prism):
    donation = portone_gift
    response = client.get(done_url(donation, code="FAILURE_TYPE_PG", message="x"))
    assert response.status_code == 200
    assert "The payment was not completed" in response.content.decode()
    assert prism.requests == []
    prism.examples[donation.provider_reference] = "ready_10000"
    response = client.get(done_url(donation, paymentId=donation.provider_reference))
    assert "The payment was not completed" in response.content.decode()
    donation.refresh_from_db()
    assert donation.status == "pending"


def test_failed_payment_is_recorded_and_can_be_tried_again(portone_gift, client, prism):
    donation = portone_gift
    prism.examples[donation.provider_reference] = "failed_10000"
    response = client.get(done_url(donation, paymentId=donation.provider_reference))
    assert "The payment was not completed" in response.content.decode()
    donation.refresh_from_db()
    assert donation.status == "failed"
    checkout = reverse("nkhr_donations:portone_checkout", args=[donation.public_id])
    assert client.get(checkout).status_code == 200  # the donor may try again
    # The same payment id, paid on a second try, confirms the gift.
    prism.examples[donation.provider_reference] = "paid_10000"
    client.get(done_url(donation, paymentId=donation.provider_reference))
    donation.refresh_from_db()
    assert donation.status == "succeeded"


def test_portone_unreachable_is_a_clear_message(make_donation, client, settings):
    settings.PORTONE_API_SECRET = "portone-test-secret"
    settings.PORTONE_STORE_ID = "store-nkhr-test"
    settings.PORTONE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    donation = make_donation(
        provider="portone", amount_minor=10000, provider_reference="nkhr-down"
    )
    response = client.get(done_url(donation, paymentId="nkhr-down"))
    assert response.status_code == 503
    assert "could not be reached" in response.content.decode()
    donation.refresh_from_db()
    assert donation.status == "pending"


def test_checkout_of_a_confirmed_or_foreign_gift(make_donation, client):
    paid = make_donation(provider="portone", status="succeeded")
    response = client.get(
        reverse("nkhr_donations:portone_checkout", args=[paid.public_id])
    )
    assert response.status_code == 302
    card = make_donation(provider="stripe")
    response = client.get(
        reverse("nkhr_donations:portone_checkout", args=[card.public_id]),
        follow=True,
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("method", "currency", "preset"),
    [("portone", "USD", "USD-1000"), ("stripe", "KRW", "KRW-10000")],
)
def test_a_way_of_giving_in_a_currency_it_does_not_take_is_refused(
    client, donation_page, prism, stripe_mock, method, currency, preset
):
    """Won go to PortOne, dollars to Stripe: a tampered form gets a message
    and records nothing."""
    data = form_data(method=method, currency=currency, preset_amount=preset)
    response = client.post(donation_page["en"].url, data)
    assert response.status_code == 400
    assert f"This way of giving does not take {currency}" in response.content.decode()
    assert not Donation.objects.exists()


def test_stripe_takes_won_while_portone_is_off(client, donation_page, stripe_mock):
    data = form_data(method="stripe", currency="KRW", preset_amount="KRW-10000")
    response = client.post(donation_page["en"].url, data)
    assert response.status_code == 302
    assert Donation.objects.get().provider == "stripe"


def test_served_browser_sdk_names_its_version_and_licence():
    """The served copy says which npm release it is and that it declares no
    licence (docs/donations.md), and says it of the release its package.json
    names: an upgrade that forgets the header, or the check, fails here."""
    from pathlib import Path

    import nkhr_donations

    vendor = (
        Path(nkhr_donations.__file__).parent
        / "static/nkhr_donations/vendor/portone-browser-sdk"
    )
    package = json.loads((vendor / "package.json").read_text())
    header = (vendor / "v2.js").read_text().split("\n", 4)[:4]
    assert header[0].startswith(f"// {package['name']} {package['version']} (npm)")
    assert "license" not in package  # if it ever has one, record it instead
    assert (
        header[1]
        == "// Licence: none declared. The package (npm tarball and registry metadata)"
    )
