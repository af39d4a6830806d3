"""Card gifts through Stripe Checkout, against the real stripe-mock server."""

from __future__ import annotations

import pytest
import stripe

from nkhr_donations.models import Donation
from nkhr_donations.providers import StripeCheckoutProvider
from nkhr_donations.receipts import cancel_token
from nkhr_donations.services import transition

from .conftest import form_data

pytestmark = pytest.mark.django_db


class Urls:
    def thanks(self, donation):
        return f"http://testserver/donations/thanks/{donation.public_id}/"

    def back_to_form(self):
        return "http://testserver/en/home/donate/"


def test_one_time_card_gift_opens_a_hosted_checkout(client, donation_page, stripe_mock):
    data = form_data(method="stripe", currency="USD", preset_amount="USD-2500")
    response = client.post(donation_page["en"].url, data)
    assert response.status_code == 302
    assert response["Location"].startswith("https://checkout.stripe.com/")
    donation = Donation.objects.get()
    assert donation.provider == "stripe"
    assert donation.provider_reference.startswith("cs_")
    assert (donation.amount_minor, donation.currency, donation.status) == (
        2500,
        "USD",
        "pending",
    )


def test_session_parameters_are_valid_for_stripe(make_donation, stripe_mock):
    """stripe-mock validates requests against Stripe's OpenAPI spec, so these
    parameters (zero-decimal KRW, subscription mode) are ones Stripe accepts."""
    provider = StripeCheckoutProvider()
    for frequency, mode in (("one_time", "payment"), ("monthly", "subscription")):
        donation = make_donation(frequency=frequency, amount_minor=50000)
        params = provider.session_params(donation, Urls())
        assert params["mode"] == mode
        assert params["line_items"][0]["price_data"]["unit_amount"] == 50000
        assert params["line_items"][0]["price_data"]["currency"] == "krw"
        assert params["metadata"]["donation_id"] == str(donation.public_id)
        url = provider.start(donation, Urls())
        assert url.startswith("https://checkout.stripe.com/")
        assert donation.provider_reference.startswith("cs_")


def test_monthly_card_gift_uses_subscription_mode(client, donation_page, stripe_mock):
    data = form_data(method="stripe", frequency="monthly")
    response = client.post(donation_page["ko"].url, data)
    assert response.status_code == 302
    donation = Donation.objects.get()
    assert donation.frequency == "monthly"
    assert donation.language == "ko"


def test_stripe_down_records_nothing_and_tells_the_donor(
    client, donation_page, settings
):
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens on port 9
    response = client.post(donation_page["en"].url, form_data(method="stripe"))
    assert response.status_code == 503
    assert "payment service could not be reached" in response.content.decode()
    assert not Donation.objects.exists()


def test_cancel_link_cancels_the_subscription_at_stripe(
    client, make_donation, stripe_mock, monkeypatch
):
    donation = make_donation(frequency="monthly", stripe_subscription_id="sub_123")
    transition(donation.pk, "succeeded", source="test")
    calls = []
    original = stripe.StripeClient

    def recording_client(*args, **kwargs):
        real = original(*args, **kwargs)
        cancel = real.v1.subscriptions.cancel

        def cancel_and_record(sub_id, *a, **kw):
            result = cancel(sub_id, *a, **kw)  # the real call to stripe-mock
            calls.append((sub_id, result.id))
            return result

        real.v1.subscriptions.cancel = cancel_and_record
        return real

    monkeypatch.setattr(stripe, "StripeClient", recording_client)
    url = f"/donations/monthly/cancel/{cancel_token(donation)}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Do you want to stop" in page.content.decode()
    done = client.post(url, {"confirm": "True"})
    assert done.status_code == 200
    assert "is cancelled" in done.content.decode()
    donation.refresh_from_db()
    assert donation.status == "cancelled"
    assert calls == [("sub_123", "sub_123")]
    assert donation.status_changes.last().source == "donor:cancel-link"


def test_cancel_link_must_be_signed(client, make_donation):
    donation = make_donation(frequency="monthly")
    forged = cancel_token(donation)[:-2] + "xx"
    assert client.get(f"/donations/monthly/cancel/{forged}/").status_code == 404
    assert client.post(f"/donations/monthly/cancel/{forged}/").status_code == 404
    donation.refresh_from_db()
    assert donation.status == "pending"
