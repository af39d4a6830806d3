"""Card payments through Stripe's hosted Checkout: card data never reaches us.

One-time gifts are Checkout sessions in ``payment`` mode, monthly gifts in
``subscription`` mode. The API base can point at stripe-mock (``STRIPE_API_BASE``).
"""

from __future__ import annotations

import logging

import stripe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..conf import setting
from ..exceptions import ProviderError
from ..models import Donation, Frequency
from ..models.donations import Provider as ProviderCode
from .base import DonationUrls, Provider

logger = logging.getLogger(__name__)
# The donor waits on this request: fail fast rather than hang for Stripe's 80 s.
STRIPE_TIMEOUT_SECONDS = 20


def stripe_client() -> stripe.StripeClient:
    kwargs = {}
    if setting("STRIPE_API_BASE"):
        kwargs["base_addresses"] = {"api": setting("STRIPE_API_BASE")}
    return stripe.StripeClient(
        setting("STRIPE_SECRET_KEY"),
        max_network_retries=1,
        http_client=stripe.RequestsClient(timeout=STRIPE_TIMEOUT_SECONDS),
        **kwargs,
    )


class StripeCheckoutProvider(Provider):
    code = ProviderCode.STRIPE
    label = _("Card")

    def is_available(self) -> bool:
        return bool(setting("STRIPE_SECRET_KEY"))

    def session_params(self, donation: Donation, urls: DonationUrls) -> dict:
        metadata = {
            "donation_id": str(donation.public_id),
            "reference_code": donation.reference_code,
        }
        price_data = {
            "currency": donation.currency.lower(),
            # Stripe counts KRW in won and USD in cents: our minor units exactly.
            "unit_amount": donation.amount_minor,
            "product_data": {
                "name": gettext("Donation to NKHR: %(designation)s")
                % {"designation": donation.get_designation_display()}
            },
        }
        params = {
            "client_reference_id": str(donation.public_id),
            "customer_email": donation.donor_email,
            "success_url": urls.thanks(donation) + "?session_id={CHECKOUT_SESSION_ID}",
            "cancel_url": urls.back_to_form(),
            "locale": "ko" if donation.language == "ko" else "en",
            "metadata": metadata,
            "line_items": [{"quantity": 1, "price_data": price_data}],
        }
        if donation.frequency == Frequency.MONTHLY:
            price_data["recurring"] = {"interval": "month"}
            params["mode"] = "subscription"
            params["subscription_data"] = {"metadata": metadata}
        else:
            params["mode"] = "payment"
            params["payment_intent_data"] = {"metadata": metadata}
        return params

    def start(self, donation: Donation, urls: DonationUrls) -> str:
        try:
            session = stripe_client().v1.checkout.sessions.create(
                params=self.session_params(donation, urls),
                # Retries of the same donation never open a second session.
                options={"idempotency_key": f"checkout-{donation.public_id}"},
            )
        except stripe.StripeError as exc:
            logger.warning("Stripe Checkout session failed: %s", exc)
            raise ProviderError() from exc
        donation.provider_reference = session.id
        return session.url

    def cancel_recurring(self, donation: Donation) -> None:
        if not donation.stripe_subscription_id:
            return
        try:
            stripe_client().v1.subscriptions.cancel(donation.stripe_subscription_id)
        except stripe.InvalidRequestError as exc:
            # Already cancelled at Stripe (e.g. from the dashboard): nothing to stop.
            logger.info("Subscription already gone at Stripe: %s", exc)
        except stripe.StripeError as exc:
            raise ProviderError() from exc
