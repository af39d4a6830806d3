"""Fixtures for the donation tests: a donation page, settings for stripe-mock,
Stripe-signed webhook deliveries, and staff users with and without Finance."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
import time
import uuid
from datetime import UTC

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from nkhr_donations.models import BankAccount, Donation, DonationPage
from nkhr_donations.permissions import ensure_finance_group
from nkhr_donations.services import new_reference_code
from tests.services import require_service

WEBHOOK_SECRET = "whsec_test_nkhr_donations"
# Standard Webhooks secrets are base64 after "whsec_", as PortOne's are.
PORTONE_WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"nkhr-portone-test").decode()
PORTONE_STORE_ID = "store-nkhr-test"  # the store of the recorded payments
ENCRYPTION_KEY = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def donation_settings(settings):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.DONATIONS_ENCRYPTION_KEY = ENCRYPTION_KEY
    settings.DONATIONS_CHECKOUT_RATE_LIMIT = "100/600"
    # No Stripe key unless a test asks for stripe-mock: card payments are off.
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_API_BASE = ""
    # No PortOne secret unless a test asks for Prism: PortOne is off.
    settings.PORTONE_API_SECRET = ""
    settings.PORTONE_API_BASE = ""
    settings.PORTONE_STORE_ID = ""
    settings.PORTONE_WEBHOOK_SECRET = PORTONE_WEBHOOK_SECRET
    cache.clear()
    return settings


@pytest.fixture
def stripe_mock(settings) -> str:
    """Point the stripe library at the stripe-mock server that scripts/test starts."""
    url = require_service("NKHR_TEST_STRIPE_MOCK_URL", "stripe-mock")
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_API_BASE = url
    return url


class PrismAnswers:
    """Which recorded payment Prism answers with, per payment id.

    Prism serves PortOne's API description (scripts/services/prism.sh) and
    picks a recorded example by the ``Prefer`` header; this sets that header
    on the SDK's requests, as a test's stand-in for PortOne's own state.
    """

    def __init__(self):
        self.examples: dict[str, str] = {}
        self.charges: dict[str, str] = {}  # payment id -> Prefer for a charge
        self.requests: list[str] = []

    def hook(self, request) -> None:
        path = request.url.path
        self.requests.append(f"{request.method} {path}")
        if request.method == "GET" and path.startswith("/payments/"):
            payment_id = path.rsplit("/", 1)[-1]
            example = self.examples.get(payment_id)
            if example:
                request.headers["Prefer"] = f"example={example}"
        if request.method == "POST" and path.endswith("/billing-key"):
            payment_id = path.split("/")[-2]
            if payment_id in self.charges:
                request.headers["Prefer"] = self.charges[payment_id]


@pytest.fixture
def prism(settings, monkeypatch) -> PrismAnswers:
    """Point the PortOne SDK at the Prism server that scripts/test starts."""
    from nkhr_donations.providers import portone

    url = require_service("NKHR_TEST_PORTONE_URL", "Prism (PortOne API mock)")
    settings.PORTONE_API_SECRET = "portone-test-secret"
    settings.PORTONE_API_BASE = url
    settings.PORTONE_STORE_ID = PORTONE_STORE_ID
    settings.PORTONE_CHANNEL_KEY_CARD = "channel-key-card"
    settings.PORTONE_CHANNEL_KEY_EASY_PAY = "channel-key-easypay"
    settings.PORTONE_CHANNEL_KEY_BILLING = "channel-key-billing"
    answers = PrismAnswers()
    make_client = portone.http_client

    def client_with_answers():
        client = make_client()
        client.event_hooks["request"].append(answers.hook)
        return client

    monkeypatch.setattr(portone, "http_client", client_with_answers)
    return answers


def portone_delivery(
    body: dict,
    *,
    delivery_id: str | None = None,
    secret: str = PORTONE_WEBHOOK_SECRET,
    timestamp: int | None = None,
) -> tuple[bytes, dict[str, str]]:
    """A webhook delivery signed with ``standardwebhooks``, as PortOne signs."""
    from datetime import datetime

    from standardwebhooks.webhooks import Webhook

    payload = json.dumps(body)
    delivery_id = delivery_id or f"msg_{uuid.uuid4().hex}"
    moment = datetime.fromtimestamp(
        int(time.time()) if timestamp is None else timestamp, tz=UTC
    )
    signature = Webhook(secret).sign(delivery_id, moment, payload)
    headers = {
        "webhook-id": delivery_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": signature,
    }
    return payload.encode(), headers


def portone_transaction(event_type: str, payment_id: str) -> dict:
    """The body of a PortOne transaction webhook (``Transaction.Paid`` ...)."""
    return {
        "type": event_type,
        "timestamp": "2026-12-01T09:00:00.000Z",
        "data": {
            "paymentId": payment_id,
            "storeId": PORTONE_STORE_ID,
            "transactionId": f"tx-{payment_id}",
        },
    }


@pytest.fixture
def donation_page(home_pages, locales) -> dict[str, DonationPage]:
    en = DonationPage(
        title="Donate",
        slug="donate",
        locale=locales["en"],
        suggested_amounts_krw="10000 30000 50000",
        suggested_amounts_usd="10 25 50",
        min_amount_krw=1000,
        max_amount_krw=5_000_000,
        min_amount_usd=5,
        max_amount_usd=5000,
    )
    home_pages["en"].add_child(instance=en)
    en.save_revision().publish()
    ko = en.copy_for_translation(locales["ko"], copy_parents=False, alias=False)
    ko.title = "후원하기"
    ko.save()
    ko.save_revision().publish()
    return {
        "en": DonationPage.objects.get(pk=en.pk),
        "ko": DonationPage.objects.get(pk=ko.pk),
    }


@pytest.fixture
def bank_accounts(db):
    return [
        BankAccount.objects.create(
            bank_name_en="Korea Exchange Bank",
            bank_name_ko="외환은행",
            branch_en="Seodaemun Branch",
            account_number="071-22-01342-6",
            swift_bic="KOEXKRSE",
            for_overseas_donors=True,
        ),
        BankAccount.objects.create(
            bank_name_en="Kookmin Bank",
            bank_name_ko="국민은행",
            account_number="813-01-0235-310",
            sort_order=1,
        ),
    ]


def form_data(**overrides) -> dict[str, str]:
    data = {
        "method": "bank_transfer",
        "frequency": "one_time",
        "currency": "KRW",
        "preset_amount": "KRW-30000",
        "custom_amount": "",
        "designation": "refugee_rescue",
        "donor_name": "Kim Min-ji",
        "donor_email": "minji@example.org",
        "message": "",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def make_donation(db):
    def make(**fields) -> Donation:
        values = {
            "reference_code": new_reference_code(),
            "amount_minor": 30000,
            "currency": "KRW",
            "frequency": "one_time",
            "designation": "general",
            "provider": "stripe",
            "donor_name": "Lee Ji-yoon",
            "donor_email": "jiyoon@example.org",
            "language": "en",
        }
        values.update(fields)
        donation = Donation.objects.create(**values)
        donation.status_changes.create(
            from_status="", to_status=donation.status, source="test"
        )
        return donation

    return make


def sign(
    payload: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None
) -> str:
    """A ``Stripe-Signature`` header, computed as Stripe documents it:
    HMAC-SHA256 of ``"{timestamp}.{payload}"`` with the endpoint secret."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(
        secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


def stripe_event(event_type: str, obj: dict, event_id: str | None = None) -> dict:
    return {
        "id": event_id or f"evt_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "type": event_type,
        "created": int(time.time()),
        "livemode": False,
        "data": {"object": obj},
    }


def event_for(donation: Donation, to_status: str, event_id: str | None = None) -> dict:
    """The Stripe event that moves ``donation`` to ``to_status``."""
    metadata = {"donation_id": str(donation.public_id)}
    if to_status == "succeeded":
        obj = {
            "object": "checkout.session",
            "id": donation.provider_reference or f"cs_test_{donation.pk}",
            "payment_status": "paid",
            "status": "complete",
            "payment_intent": f"pi_test_{donation.pk}",
            "subscription": f"sub_test_{donation.pk}" if donation.is_monthly else None,
            "client_reference_id": str(donation.public_id),
            "metadata": metadata,
        }
        return stripe_event("checkout.session.completed", obj, event_id)
    if to_status == "failed":
        obj = {
            "object": "checkout.session",
            "id": f"cs_test_{donation.pk}",
            "payment_status": "unpaid",
            "metadata": metadata,
        }
        return stripe_event("checkout.session.async_payment_failed", obj, event_id)
    if to_status == "refunded":
        obj = {
            "object": "charge",
            "id": f"ch_test_{donation.pk}",
            "refunded": True,
            "payment_intent": f"pi_test_{donation.pk}",
            "metadata": metadata,
        }
        return stripe_event("charge.refunded", obj, event_id)
    if to_status == "cancelled" and donation.is_monthly:
        obj = {
            "object": "subscription",
            "id": f"sub_test_{donation.pk}",
            "status": "canceled",
            "metadata": metadata,
        }
        return stripe_event("customer.subscription.deleted", obj, event_id)
    obj = {
        "object": "checkout.session",
        "id": f"cs_test_{donation.pk}",
        "status": "expired",
        "metadata": metadata,
    }
    return stripe_event("checkout.session.expired", obj, event_id)


def post_event(client, event: dict, secret: str = WEBHOOK_SECRET):
    payload = json.dumps(event)
    return client.post(
        "/donations/webhooks/stripe/",
        data=payload,
        content_type="application/json",
        headers={"Stripe-Signature": sign(payload, secret)},
    )


def _group(name: str) -> Group:
    return Group.objects.get_or_create(name=name)[0]


@pytest.fixture
def finance_user(django_user_model):
    group = ensure_finance_group(Group, Permission, ContentType)
    user = django_user_model.objects.create_user("finance", "f@example.org", "pw")
    user.groups.add(group)
    return user


@pytest.fixture
def editor_user(django_user_model):
    """A Wagtail editor: admin access and page rights, no donation rights."""
    group = _group("Editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = django_user_model.objects.create_user("editor", "e@example.org", "pw")
    user.groups.add(group)
    return user


@pytest.fixture
def invoice_template(stripe_mock) -> dict:
    """An invoice as Stripe renders it in this library's API version: the
    one stripe-mock serves (Stripe's own fixture), which the tests then fill
    with a subscription's month. Events built from it have Stripe's shape,
    not one made up here."""
    from nkhr_donations.providers.stripe_checkout import stripe_client

    return stripe_client().v1.invoices.retrieve("in_template").to_dict()


def invoice_event(
    template: dict,
    donation: Donation,
    event_type: str,
    *,
    invoice_id: str,
    billing_reason: str = "subscription_cycle",
    created: int | None = None,
    attempt_count: int = 1,
    next_payment_attempt: int | None = None,
    event_id: str | None = None,
    subscription: str | None = None,
) -> dict:
    """An ``invoice.paid`` or ``invoice.payment_failed`` event of the month
    billed at ``created`` of ``donation``'s subscription."""
    invoice = copy.deepcopy(template)
    created = created or int(time.time())
    paid = event_type == "invoice.paid"
    invoice.update(
        {
            "id": invoice_id,
            "currency": donation.currency.lower(),
            "amount_due": donation.amount_minor,
            "amount_paid": donation.amount_minor if paid else 0,
            "amount_remaining": 0 if paid else donation.amount_minor,
            "attempt_count": attempt_count,
            "attempted": True,
            "billing_reason": billing_reason,
            "created": created,
            "next_payment_attempt": None if paid else next_payment_attempt,
            "status": "paid" if paid else "open",
            "customer_email": donation.donor_email,
        }
    )
    invoice["status_transitions"]["paid_at"] = created + 60 if paid else None
    # Checkout copies the session's subscription_data.metadata to the
    # subscription; Stripe snapshots it on each of its invoices.
    invoice["parent"] = {
        "type": "subscription_details",
        "quote_details": None,
        "subscription_details": {
            "subscription": subscription or f"sub_test_{donation.pk}",
            "metadata": {
                "donation_id": str(donation.public_id),
                "reference_code": donation.reference_code,
            },
        },
    }
    return stripe_event(event_type, invoice, event_id)
