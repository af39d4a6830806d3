"""The donation page: the form, server-side amounts, bank pledges, failures."""

from __future__ import annotations

import re

import pytest
from django.db import DatabaseError
from django.test import Client

from nkhr_donations import crypto
from nkhr_donations.models import Donation, DonationStatusChange

from .conftest import form_data

pytestmark = pytest.mark.django_db


def test_page_shows_form_amounts_and_bank_accounts(
    client, donation_page, bank_accounts
):
    response = client.get(donation_page["en"].url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    for expected in ('value="KRW-30000"', "₩30,000", 'value="USD-2500"', "$25.00"):
        assert expected in html
    assert "071-22-01342-6" in html
    assert "KOEXKRSE" in html
    assert "813-01-0235-310" in html


def test_korean_page_is_served_in_korean(client, donation_page, bank_accounts):
    response = client.get(donation_page["ko"].url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "후원하기" in html
    assert "외환은행" in html  # the account's Korean bank name
    assert "어떤 방법으로 후원하시겠습니까?" in html  # the form's labels
    assert "보관하는 데 동의합니다" in html


def test_bank_pledge_is_recorded_with_a_reference_code(
    client, donation_page, bank_accounts
):
    response = client.post(donation_page["en"].url, form_data())
    assert response.status_code == 302
    donation = Donation.objects.get()
    assert (donation.amount_minor, donation.currency) == (30000, "KRW")
    assert donation.status == "pending"
    assert donation.provider == "bank_transfer"
    assert donation.designation == "refugee_rescue"
    assert re.fullmatch(r"NKHR-[A-Z2-9]{4}-[A-Z2-9]{4}", donation.reference_code)
    assert donation.provider_reference == donation.reference_code
    assert list(donation.status_changes.values_list("to_status", flat=True)) == [
        "pending"
    ]
    thanks = client.get(response["Location"])
    assert donation.reference_code in thanks.content.decode()
    assert "071-22-01342-6" in thanks.content.decode()


def test_dollar_pledges_see_the_overseas_account_first(client, donation_page):
    from nkhr_donations.models import BankAccount

    BankAccount.objects.create(
        bank_name_en="Kookmin Bank", account_number="813-01-0235-310", sort_order=0
    )
    BankAccount.objects.create(
        bank_name_en="Korea Exchange Bank",
        account_number="071-22-01342-6",
        swift_bic="KOEXKRSE",
        for_overseas_donors=True,
        sort_order=1,
    )
    usd = client.post(
        donation_page["en"].url, form_data(currency="USD", preset_amount="USD-2500")
    )
    html = client.get(usd["Location"]).content.decode()
    assert html.index("071-22-01342-6") < html.index("813-01-0235-310")
    krw = client.post(donation_page["en"].url, form_data())
    html = client.get(krw["Location"]).content.decode()
    assert html.index("813-01-0235-310") < html.index("071-22-01342-6")


def test_monthly_bank_pledge_explains_automatic_transfer(
    client, donation_page, bank_accounts
):
    response = client.post(donation_page["en"].url, form_data(frequency="monthly"))
    thanks = client.get(response["Location"]).content.decode()
    assert Donation.objects.get().frequency == "monthly"
    assert "automatic monthly transfer" in thanks


def test_korean_donor_gets_korean_language_on_record(client, donation_page):
    client.post(donation_page["ko"].url, form_data())
    assert Donation.objects.get().language == "ko"


@pytest.mark.parametrize(
    ("text", "currency", "expected"),
    [("25.50", "USD", 2550), ("$1,000", "USD", 100000), ("45,000", "KRW", 45000)],
)
def test_custom_amount_is_parsed_server_side(
    client, donation_page, text, currency, expected
):
    data = form_data(preset_amount="custom", custom_amount=text, currency=currency)
    assert client.post(donation_page["en"].url, data).status_code == 302
    donation = Donation.objects.get()
    assert (donation.amount_minor, donation.currency) == (expected, currency)


@pytest.mark.parametrize(
    "overrides",
    [
        {"preset_amount": "KRW-12345"},  # not an offered amount
        {"preset_amount": "USD-2500"},  # amount of the other currency
        {"currency": "EUR"},
        {"currency": "USD", "preset_amount": "KRW-30000"},
        {"preset_amount": "custom", "custom_amount": "500"},  # below the minimum
        {"preset_amount": "custom", "custom_amount": "9,000,000"},  # above the maximum
        {"preset_amount": "custom", "custom_amount": "30000.5"},  # won have no cents
        {"preset_amount": "custom", "custom_amount": "-30000"},
        {"preset_amount": "", "custom_amount": ""},
        {"privacy_consent": None},
        {"method": "paypal"},
    ],
)
def test_tampered_or_invalid_form_is_refused(client, donation_page, overrides):
    response = client.post(donation_page["en"].url, form_data(**overrides))
    assert response.status_code == 400
    assert (
        'class="errors' in response.content.decode()
        or "errorlist" in response.content.decode()
    )
    assert not Donation.objects.exists()


def test_form_needs_a_csrf_token(donation_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post(donation_page["en"].url, form_data())
    assert response.status_code == 403
    assert not Donation.objects.exists()


def test_database_error_leaves_nothing_and_says_so(client, donation_page, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(DonationStatusChange.objects, "create", broken)
    response = client.post(donation_page["en"].url, form_data())
    assert response.status_code == 503
    assert "could not record your donation" in response.content.decode()
    assert not Donation.objects.exists()


def test_card_payments_off_without_a_key(client, donation_page):
    # Not offered, and bank transfer is chosen to start with.
    html = client.get(donation_page["en"].url).content.decode()
    assert 'value="stripe"' not in html
    assert re.search(r'value="bank_transfer"[^>]*checked', html)
    # Posted anyway (an old tab): refused with the reason, nothing recorded.
    response = client.post(donation_page["en"].url, form_data(method="stripe"))
    assert response.status_code == 400
    assert "not available right now" in response.content.decode()
    assert not Donation.objects.exists()


def test_card_payments_offered_first_with_a_key(client, donation_page, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    html = client.get(donation_page["en"].url).content.decode()
    assert re.search(r'value="stripe"[^>]*checked', html)
    assert 'value="bank_transfer"' in html


def test_no_way_of_giving_says_so_instead_of_a_form(client, donation_page):
    page = donation_page["en"]
    page.accept_bank_transfers = False  # and cards are off without a key
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "Giving online is not possible right now" in html
    assert 'class="donation-form"' not in html


def test_donations_are_rate_limited_per_client(client, donation_page, settings):
    settings.DONATIONS_CHECKOUT_RATE_LIMIT = "2/600"
    codes = [
        client.post(donation_page["en"].url, form_data()).status_code for _ in range(3)
    ]
    assert codes == [302, 302, 429]
    assert Donation.objects.count() == 2
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(donation_page["en"].url, form_data()).status_code == 302


def test_national_id_is_encrypted_at_rest(client, donation_page):
    data = form_data(wants_receipt="on", national_id="900101-1234567")
    assert client.post(donation_page["en"].url, data).status_code == 302
    donation = Donation.objects.get()
    assert donation.wants_receipt
    assert "1234567" not in donation.national_id_ciphertext
    assert "900101" not in donation.national_id_ciphertext
    assert crypto.decrypt(donation.national_id_ciphertext) == "900101-1234567"


def test_national_id_dropped_without_receipt_and_refused_when_malformed(
    client, donation_page
):
    client.post(donation_page["en"].url, form_data(national_id="900101-1234567"))
    assert Donation.objects.get().national_id_ciphertext == ""
    bad = client.post(
        donation_page["en"].url, form_data(wants_receipt="on", national_id="12-34")
    )
    assert bad.status_code == 400
    assert Donation.objects.count() == 1


def test_staff_amount_settings_are_validated(donation_page):
    from django.core.exceptions import ValidationError

    page = donation_page["en"]
    page.suggested_amounts_krw = "10000 abc"
    page.suggested_amounts_usd = "10.555"
    page.min_amount_usd, page.max_amount_usd = 100, 10
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    assert {"suggested_amounts_krw", "suggested_amounts_usd", "max_amount_usd"} <= set(
        caught.value.message_dict
    )


def test_staff_create_a_donation_page_in_the_admin(admin_client, home_pages):
    from wagtail.test.utils.form_data import nested_form_data, rich_text

    from nkhr_donations.models import DonationPage

    url = f"/admin/pages/add/nkhr_donations/donationpage/{home_pages['en'].pk}/"
    assert admin_client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Give",
            "slug": "give",
            "intro": rich_text("<p>Support our work.</p>"),
            "suggested_amounts_krw": "20000 40000",
            "suggested_amounts_usd": "15 30",
            "min_amount_krw": 5000,
            "max_amount_krw": 1000000,
            "min_amount_usd": 5,
            "max_amount_usd": 1000,
            "accept_cards": "on",
            "accept_bank_transfers": "on",
            "bank_transfer_intro": rich_text(""),
            "thank_you_text": rich_text("<p>Thanks!</p>"),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = DonationPage.objects.get(slug="give")
    assert page.live
    assert page.suggested_amounts("KRW") == [20000, 40000]
    assert page.suggested_amounts("USD") == [1500, 3000]


def test_a_dollar_amount_for_a_gift_in_won_is_refused_with_a_message(
    client, donation_page
):
    data = form_data(preset_amount="custom", custom_amount="$30000", currency="KRW")
    response = client.post(donation_page["en"].url, data)
    assert response.status_code == 400
    assert "written in US dollars" in response.content.decode()
    assert not Donation.objects.exists()
    korean = client.post(donation_page["ko"].url, data)
    assert korean.status_code == 400
    assert "미국 달러" in korean.content.decode()


@pytest.mark.parametrize(
    ("page", "expected"),
    [("en", "must be a date of birth"), ("ko", "생년월일")],
)
def test_an_impossible_national_id_is_refused_with_a_translated_message(
    client, donation_page, page, expected
):
    data = form_data(wants_receipt="on", national_id="999999-9999999")
    response = client.post(donation_page[page].url, data)
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not Donation.objects.exists()
