"""The donation form in Chromium, in both languages: for each currency only its
amounts and the ways of giving that take it; "Other amount" said once; the
resident registration number asked only with a Korean tax receipt; and a won
gift by card, easy pay or monthly up to the hand-off to PortOne's window
(PortOne's script is stood in for: nothing calls the internet)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings

from nkhr_donations.models import Donation, DonationPage
from tests.services import require_service

from .conftest import DESKTOP, CspWatcher

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The site's radio groups are buttons: the label lies over its radio and takes
# the click (as a visitor's would), so the tests choose with force=True, which
# clicks at the radio's place instead of waiting for it to be uncovered.

# Stands in for https://cdn.portone.io/v2/browser-sdk.js, which the vendored
# @portone/browser-sdk loads: it keeps the request it is given.
PORTONE_STAND_IN = """
function keep(request) {
  window.portoneRequest = request;
  return new Promise(() => {});  // the window stays open
}
window.PortOne = { requestPayment: keep, requestIssueBillingKey: keep };
"""


@pytest.fixture
def donation_urls(site_content, settings) -> dict[str, str]:
    """The donation page (with PortOne and Stripe configured) in both languages."""
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_API_BASE = require_service(
        "NKHR_TEST_STRIPE_MOCK_URL", "stripe-mock"
    )
    settings.PORTONE_API_SECRET = "portone-test-secret"
    settings.PORTONE_STORE_ID = "store-nkhr-test"
    settings.PORTONE_CHANNEL_KEY_CARD = "channel-key-card"
    settings.PORTONE_CHANNEL_KEY_EASY_PAY = "channel-key-easypay"
    settings.PORTONE_CHANNEL_KEY_BILLING = "channel-key-billing"
    settings.DONATIONS_CHECKOUT_RATE_LIMIT = "100/600"
    assert DonationPage.objects.exists(), "the site has no donation page"
    return site_content.donation_url


@pytest.mark.parametrize("language", ["en", "ko"])
def test_form_offers_per_currency_only_what_fits(donation_urls, open_page, language):
    page, console = open_page(DESKTOP)
    page.goto(donation_urls[language])
    form = page.locator("form.donation-form")
    krw, usd = (
        form.locator("input[name=currency][value=KRW]"),
        form.locator("input[name=currency][value=USD]"),
    )
    methods = form.locator(".method-option")
    for currency, radio, shown, hidden in (
        ("KRW", krw, {"portone", "bank_transfer"}, {"stripe"}),
        ("USD", usd, {"stripe", "bank_transfer"}, {"portone"}),
    ):
        radio.check(force=True)
        amounts = form.locator(".amount-choices")
        for group in amounts.all():
            assert group.is_visible() == (
                group.get_attribute("data-currency") == currency
            )
        offered = {
            option.locator("input").get_attribute("value")
            for option in methods.all()
            if option.is_visible()
        }
        assert offered == shown, (currency, offered)
        assert not offered & hidden
        checked = form.locator("input[name=method]:checked")
        assert checked.get_attribute("value") in shown
    # "Other amount" is said once: the choice names the field beside it.
    other = form.locator(".amount-other")
    label_text = "Other amount" if language == "en" else "직접 입력"
    assert other.inner_text().count(label_text) == 1
    assert form.get_by_label(label_text, exact=True).count() == 2  # radio and field
    # The resident registration number only with a Korean tax receipt.
    national_id = form.locator(".field-national_id")
    assert national_id.is_hidden()
    form.locator("input[name=wants_receipt]").check(force=True)
    assert national_id.is_visible()
    form.locator("input[name=wants_receipt]").uncheck(force=True)
    assert national_id.is_hidden()
    # Card or easy pay: only for a one-time PortOne gift.
    krw.check(force=True)
    form.locator("input[name=method][value=portone]").check(force=True)
    pay_method = form.locator(".pay-method-choice")
    assert pay_method.is_visible()
    form.locator("input[name=frequency][value=monthly]").check(force=True)
    assert pay_method.is_hidden()
    assert console.take() == []


def _give_in_won(page, url: str, *, frequency: str, pay_method: str) -> None:
    page.goto(url)
    form = page.locator("form.donation-form")
    form.locator("input[name=currency][value=KRW]").check(force=True)
    form.locator("input[name=method][value=portone]").check(force=True)
    form.locator(f"input[name=frequency][value={frequency}]").check(force=True)
    if frequency == "one_time":
        form.locator(f"input[name=portone_pay_method][value={pay_method}]").check(
            force=True
        )
    form.locator("input[name=preset_amount][value=KRW-30000]").check(force=True)
    form.locator("input[name=donor_name]").fill("Kim Young-hee")
    form.locator("input[name=donor_email]").fill("donor@example.org")
    form.locator("input[name=privacy_consent]").check(force=True)
    form.locator("button[type=submit]").click()


@pytest.mark.parametrize(
    ("language", "frequency", "pay_method"),
    [
        ("en", "one_time", "CARD"),
        ("ko", "one_time", "CARD"),
        ("en", "one_time", "EASY_PAY"),
        ("ko", "one_time", "EASY_PAY"),
        ("en", "monthly", ""),
        ("ko", "monthly", ""),
    ],
)
def test_won_gift_is_handed_to_portone(
    donation_urls, open_page, language, frequency, pay_method
):
    page, console = open_page(DESKTOP)
    csp = CspWatcher(page.context, page)
    loaded: list[str] = []

    def portone_script(route):
        loaded.append(route.request.url)
        route.fulfill(status=200, content_type="text/javascript", body=PORTONE_STAND_IN)

    page.context.route(re.compile(r"^https://cdn\.portone\.io/"), portone_script)
    _give_in_won(
        page, donation_urls[language], frequency=frequency, pay_method=pay_method
    )
    page.wait_for_url(re.compile(r"/donations/portone/[0-9a-f-]+/$"))
    donation = Donation.objects.get()
    assert (donation.provider, donation.amount_minor, donation.status) == (
        "portone",
        30000,
        "pending",
    )
    assert page.locator(".checkout-amount").inner_text().startswith("₩30,000")
    page.locator("button.portone-pay").click()
    page.wait_for_function("() => window.portoneRequest !== undefined")
    request = page.evaluate("() => window.portoneRequest")
    assert loaded == ["https://cdn.portone.io/v2/browser-sdk.js"]
    assert request["storeId"] == "store-nkhr-test"
    assert request["locale"] == ("KO_KR" if language == "ko" else "EN_US")
    assert request["redirectUrl"].endswith(
        f"/donations/portone/{donation.public_id}/done/"
    )
    if frequency == "monthly":
        assert request["billingKeyMethod"] == "CARD"
        assert request["issueId"] == donation.provider_reference
        assert request["channelKey"] == "channel-key-billing"
    else:
        assert request["paymentId"] == donation.provider_reference
        assert (request["totalAmount"], request["currency"]) == (30000, "CURRENCY_KRW")
        assert request["payMethod"] == pay_method
    assert csp.take() == []
    assert console.take() == []
    assert django_settings.PORTONE_API_SECRET not in page.content()
