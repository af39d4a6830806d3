"""CMS auto-debit pledges: the form on its own URL, the evidence of consent,
the encrypted account number, and what bad input gets."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from nkhr_donations import crypto, debits
from nkhr_donations.models import DebitMandate, Donation, Donor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cms_enabled(settings):
    settings.DONATIONS_CMS_ENABLED = True
    settings.DONATIONS_CMS_INSTITUTION_CODE = "TEST000001"
    return settings


def pledge_data(**overrides) -> dict[str, str]:
    data = {
        "amount": "30,000",
        "designation": "refugee_rescue",
        "donor_name": "Kim Min-ji",
        "donor_email": "minji@example.org",
        "bank_code": "004",
        "account_number": "123-456-78901234",
        "holder_name": "김민지",
        "holder_birth": "850315",
        "consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def url(page) -> str:
    return reverse("nkhr_donations:cms_pledge", args=[page.pk])


def test_donation_page_links_to_the_pledge_form(client, donation_page):
    html = client.get(donation_page["ko"].url).content.decode()
    assert url(donation_page["ko"]) in html


def test_no_link_and_no_form_while_cms_is_off(client, donation_page, settings):
    settings.DONATIONS_CMS_ENABLED = False
    assert (
        url(donation_page["en"])
        not in client.get(donation_page["en"].url).content.decode()
    )
    assert client.get(url(donation_page["en"]), follow=True).status_code == 404


def test_no_pledges_without_an_encryption_key(client, donation_page, settings):
    settings.DONATIONS_ENCRYPTION_KEY = ""
    assert client.get(url(donation_page["en"]), follow=True).status_code == 404


def test_pledge_is_recorded_with_consent_evidence_and_encrypted_numbers(
    client, donation_page
):
    response = client.post(
        url(donation_page["ko"]),
        pledge_data(
            wants_receipt="on",
            national_id="900101-1234568",
            postal_address="서울시 서대문구",
        ),  # fmt: skip
        REMOTE_ADDR="203.0.113.7",
    )
    mandate = DebitMandate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "nkhr_donations:cms_pledge_thanks", args=[mandate.public_id]
    )
    assert mandate.amount_minor == 30000
    assert mandate.language == "ko"
    assert mandate.consent_ip == "203.0.113.7"
    assert mandate.consent_version == debits.CONSENT_VERSION
    # The exact text shown, in the language shown.
    form_html = client.get(url(donation_page["ko"])).content.decode()
    assert escape(mandate.consent_text) in form_html
    assert "CMS" in mandate.consent_text
    assert "출금" in mandate.consent_text
    # Numbers only encrypted at rest.
    assert "78901234" not in mandate.account_ciphertext
    assert crypto.decrypt(mandate.account_ciphertext) == "12345678901234"
    assert crypto.decrypt(mandate.holder_birth_ciphertext) == "850315"
    assert crypto.decrypt(mandate.national_id_ciphertext) == "900101-1234568"
    assert mandate.masked_account == "****1234"
    donor = Donor.objects.get()
    assert mandate.donor == donor
    assert donor.postal_address == "서울시 서대문구"
    # A pledge is not a gift: gifts come with the monthly debit file.
    assert not Donation.objects.exists()
    thanks = client.get(response["Location"]).content.decode()
    assert mandate.reference_code in thanks
    assert "****1234" in thanks
    assert "12345678901234" not in thanks


def test_english_form_and_messages(client, donation_page):
    response = client.post(
        url(donation_page["en"]),
        pledge_data(consent=None, account_number="12-34", holder_birth="991340"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please agree to the withdrawal to make the pledge." in html
    assert "10 to 16 digits" in html
    assert "YYMMDD" in html
    assert not DebitMandate.objects.exists()


def test_korean_form_messages(client, donation_page):
    response = client.post(
        url(donation_page["ko"]), pledge_data(consent=None, account_number="1")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "약정하시려면 출금에 동의해 주세요." in html
    assert "숫자 10~16자리" in html
    assert not DebitMandate.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"amount": "500"},  # below the page's minimum
        {"amount": "abc"},
        {"bank_code": "999"},
        {"holder_birth": "12345"},
        {"donor_email": "nope"},
        {"wants_receipt": "on", "national_id": "901301-1234567"},
    ],
)
def test_bad_input_changes_nothing(client, donation_page, overrides):
    response = client.post(url(donation_page["en"]), pledge_data(**overrides))
    assert response.status_code == 400
    assert not DebitMandate.objects.exists()
    assert not Donor.objects.exists()


def test_national_id_is_dropped_without_a_receipt(client, donation_page):
    client.post(url(donation_page["en"]), pledge_data(national_id="900101-1234568"))
    mandate = DebitMandate.objects.get()
    assert mandate.national_id_ciphertext == ""
    assert mandate.donor is None


def test_business_account_number_as_birth(client, donation_page):
    client.post(url(donation_page["en"]), pledge_data(holder_birth="123-45-67890"))
    mandate = DebitMandate.objects.get()
    assert crypto.decrypt(mandate.holder_birth_ciphertext) == "1234567890"
