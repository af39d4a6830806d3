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
    response = client.post(donation_page["en"].url, form_data(method="stripe"))
    assert response.status_code == 503
    assert "not available right now" in response.content.decode()
    assert not Donation.objects.exists()


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
