"""A donor makes a CMS auto-debit pledge in Chromium, in Korean and in
English, from the donation page's link; bad input gets a clear message."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from nkhr_donations import crypto
from nkhr_donations.models import DebitMandate

from .conftest import DESKTOP

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def cms_settings(settings):
    settings.DONATIONS_CMS_ENABLED = True
    settings.DONATIONS_ENCRYPTION_KEY = Fernet.generate_key().decode()
    settings.DONATIONS_CHECKOUT_RATE_LIMIT = "100/600"
    return settings


def _fill(form, labels: dict[str, str], values: dict[str, str]) -> None:
    for field, value in values.items():
        if field == "bank":
            form.get_by_label(labels[field], exact=True).select_option(value)
        else:
            form.get_by_label(labels[field], exact=True).fill(value)


KO = {
    "link": "CMS 자동이체로 매월 원화 후원하기",
    "amount": "월 후원금(원)",
    "name": "이름",
    "email": "이메일",
    "bank": "은행",
    "account": "계좌번호",
    "holder": "예금주 성명",
    "birth": "예금주 생년월일",
    "consent": "위 내용의 매월 출금에 동의합니다.",
    "submit": "정기후원 약정하기",
    "thanks": "정기후원을 약정해 주셔서 감사합니다",
    "refused": "약정하시려면 출금에 동의해 주세요.",
}
EN = {
    "link": "Give monthly in won by automatic withdrawal (CMS)",
    "amount": "Monthly amount in won",
    "name": "Your name",
    "email": "Your email",
    "bank": "Bank",
    "account": "Account number",
    "holder": "Account holder's name",
    "birth": "Account holder's date of birth",
    "consent": "I agree to the monthly withdrawal described above.",
    "submit": "Make my monthly pledge",
    "thanks": "Thank you for your monthly pledge",
    "refused": "Please agree to the withdrawal to make the pledge.",
}


@pytest.mark.parametrize(("language", "labels"), [("ko", KO), ("en", EN)])
def test_cms_pledge_in_chromium(site_content, open_page, language, labels):
    page, console = open_page(DESKTOP)
    page.goto(site_content.donation_url[language])
    page.get_by_role("link", name=labels["link"]).click()
    page.wait_for_url("**/donations/auto-debit/**")
    form = page.locator("form.cms-pledge-form")
    values = {
        "amount": "30,000",
        "name": "Kim Young-hee",
        "email": "donor@example.org",
        "bank": "004",
        "account": "123-456-7890123",
        "holder": "김영희",
        "birth": "850315",
    }
    _fill(form, labels, values)
    # Without the agreement: a clear message, nothing recorded, input kept.
    form.get_by_role("button", name=labels["submit"]).click()
    page.wait_for_load_state()
    assert labels["refused"] in page.locator("main").inner_text()
    assert not DebitMandate.objects.exists()
    # The refused form answers 400, which Chromium logs; nothing else may.
    assert [e for e in console.take() if "400" not in e] == []
    form = page.locator("form.cms-pledge-form")
    assert form.get_by_label(labels["holder"], exact=True).input_value() == "김영희"
    form.get_by_label(labels["consent"], exact=True).check()
    form.get_by_role("button", name=labels["submit"]).click()
    page.wait_for_url("**/donations/auto-debit/thanks/**")
    text = page.locator("main").inner_text()
    assert labels["thanks"] in text
    assert "****0123" in text
    assert "1234567890123" not in page.content()
    mandate = DebitMandate.objects.get()
    assert mandate.language == language
    assert mandate.reference_code in text
    assert crypto.decrypt(mandate.account_ciphertext) == "1234567890123"
    assert mandate.consent_ip == "127.0.0.1"
    assert console.take() == []
