"""The donations part of the demo loader (the only test that loads demo content)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from wagtail.models import Locale

from nkhr_donations.models import BankAccount, DonationPage, ExternalGivingOption

pytestmark = pytest.mark.django_db


def test_demo_donation_page_accounts_and_options(client):
    # An earlier demo linked PayPal's home page as if it were NKHR's account.
    old_paypal = ExternalGivingOption.objects.create(
        kind="paypal", title_en="PayPal", url="https://www.paypal.com/"
    )
    call_command("load_demo_content", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)  # idempotent
    assert "created" not in out.getvalue()

    en = DonationPage.objects.get(locale__language_code="en")
    ko = en.get_translation(Locale.objects.get(language_code="ko"))
    assert ko.title == "후원하기"
    assert ko.live
    assert DonationPage.objects.count() == 2
    assert BankAccount.objects.count() == 5
    keb = BankAccount.objects.get(swift_bic="KOEXKRSE")
    assert keb.account_number == "071-22-01342-6"
    assert set(BankAccount.objects.values_list("account_number", flat=True)) >= {
        "813-01-0235-310",
        "032-01-173694",
        "111-810021-75205",
        "142-097009-01-201",
    }
    active = ExternalGivingOption.objects.filter(is_active=True)
    assert sorted(active.values_list("kind", flat=True)) == [
        "globalgiving",
        "globalgiving",
    ]
    old_paypal.refresh_from_db()
    assert not old_paypal.is_active

    html_en = client.get(en.url).content.decode()
    html_ko = client.get(ko.url).content.decode()
    assert "KOEXKRSE" in html_en
    assert "Learning Freedom" in html_en
    assert "외환은행" in html_ko
    assert "후원하기" in html_ko
    # PayPal is named (the report gives no PayPal address), never linked.
    assert "PayPal" in html_en
    assert "paypal.com" not in html_en + html_ko
    # The account holder in each page's language.
    assert "예금주: 북한인권시민연합" in html_ko.replace("\n", " ").replace("  ", " ")
    assert "Citizens&#x27; Alliance for North Korean Human Rights (NKHR)" in html_en
    # The consent checkbox links to the privacy policy in the donor's language.
    assert 'href="/ko/privacy/"' in html_ko.split('class="donation-form"')[1]
