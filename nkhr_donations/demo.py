"""Demo content: the donation page (English and Korean) and the ways to give,
with the organisation's real account details from its 2024 activity report.
Idempotent: what exists already is left alone."""

from __future__ import annotations

from typing import TextIO

from django.db import transaction
from wagtail.models import Locale, Site

from .models import BankAccount, DonationPage, ExternalGivingOption

HOLDER = "Citizens' Alliance for North Korean Human Rights (NKHR)"
HOLDER_KO = "북한인권시민연합"
# The activity report names PayPal but gives no PayPal address ("visit our website
# or call for more info"): PayPal is mentioned in the page text, never linked.
PAYPAL_HOME = "https://www.paypal.com/"
PRIVACY_SLUG = "privacy"
BANK_ACCOUNTS = [
    {
        "bank_name_en": "Korea Exchange Bank",
        "bank_name_ko": "외환은행",
        "branch_en": "Seodaemun Branch",
        "branch_ko": "서대문지점",
        "account_number": "071-22-01342-6",
        "swift_bic": "KOEXKRSE",
        "for_overseas_donors": True,
    },
    {
        "bank_name_en": "Kookmin Bank",
        "bank_name_ko": "국민은행",
        "account_number": "813-01-0235-310",
    },
    {
        "bank_name_en": "Nonghyup",
        "bank_name_ko": "농협",
        "account_number": "032-01-173694",
    },
    {
        "bank_name_en": "Hana Bank",
        "bank_name_ko": "하나은행",
        "account_number": "111-810021-75205",
    },
    {
        "bank_name_en": "Woori Bank",
        "bank_name_ko": "우리은행",
        "account_number": "142-097009-01-201",
    },
]
GLOBALGIVING_EN = "A GlobalGiving project; gifts are U.S. tax-deductible."
GLOBALGIVING_KO = "글로벌기빙 프로젝트로, 미국에서 세금 공제를 받을 수 있습니다."
EXTERNAL_OPTIONS = [
    {
        "kind": ExternalGivingOption.Kind.GLOBALGIVING,
        "title_en": "Learning Freedom: Help Educate North Korean Youth",
        "title_ko": "Learning Freedom: 북한이탈 청소년 교육 지원",
        "description_en": GLOBALGIVING_EN,
        "description_ko": GLOBALGIVING_KO,
        "url": "https://www.globalgiving.org/projects/learningfreedom/",
    },
    {
        "kind": ExternalGivingOption.Kind.GLOBALGIVING,
        "title_en": "Give Life and Hope to a North Korean Refugee",
        "title_ko": "북한이탈주민에게 생명과 희망을",
        "description_en": GLOBALGIVING_EN,
        "description_ko": GLOBALGIVING_KO,
        "url": "https://www.globalgiving.org/projects/"
        "give-life-and-hope-to-a-north-korean-refugee/",
    },
]
PAGE_EN = {
    "title": "Donate",
    "intro": "<p>NKHR is funded by its members and supporters. Your gift helps "
    "refugees in hiding reach safety, supports young North Koreans in their "
    "education in South Korea, and keeps our advocacy at the United Nations going.</p>",
    "bank_transfer_intro": "<p>Transfer to any of our accounts and quote your "
    "reference code. From abroad, use the Korea Exchange Bank account with its "
    "SWIFT code.</p><p>You can also give once or every month through PayPal, or set up "
    "automatic monthly payments from a South Korean bank account: call us on "
    "+82-2-723-1672 or write to nkhr@naver.com for the details.</p>",
    "thank_you_text": "<p>Thank you for standing with the people of North Korea.</p>",
}
PAGE_KO = {
    "title": "후원하기",
    "intro": "<p>북한인권시민연합은 회원과 후원자의 후원금으로 운영됩니다. "
    "여러분의 후원은 은신 중인 탈북민의 안전한 탈출, 남한에 정착한 북한 "
    "청소년의 교육, 유엔에서의 인권 옹호 활동에 쓰입니다.</p>",
    "bank_transfer_intro": "<p>아래 계좌 중 하나로 입금하시면서 후원 참조번호를 "
    "적어 주세요. 해외에서는 SWIFT 코드가 있는 외환은행 계좌를 이용해 주세요.</p>"
    "<p>페이팔로 일시 또는 정기 후원을 하시거나 국내 은행 계좌에서 매월 "
    "자동이체로 후원하실 수도 있습니다. 자세한 방법은 02-723-1672로 "
    "전화하시거나 nkhr@naver.com으로 문의해 주세요.</p>",
    "thank_you_text": "<p>북한 주민과 함께해 주셔서 감사합니다.</p>",
}


@transaction.atomic
def load_demo_donations(out: TextIO) -> None:
    for order, values in enumerate(BANK_ACCOUNTS):
        account, created = BankAccount.objects.get_or_create(
            account_number=values["account_number"],
            defaults={
                **values,
                "account_holder": HOLDER,
                "account_holder_ko": HOLDER_KO,
                "sort_order": order,
            },
        )
        if created:
            out.write(f"  bank account: {values['bank_name_en']}\n")
        elif not account.account_holder_ko:
            account.account_holder_ko = HOLDER_KO
            account.save(update_fields=["account_holder_ko"])
    # An earlier demo linked PayPal's home page as if it were NKHR's PayPal.
    ExternalGivingOption.objects.filter(url=PAYPAL_HOME).update(is_active=False)
    for order, values in enumerate(EXTERNAL_OPTIONS):
        _option, created = ExternalGivingOption.objects.get_or_create(
            url=values["url"], defaults={**values, "sort_order": order}
        )
        if created:
            out.write(f"  external option: {values['title_en']}\n")
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        out.write("  no default site: donation page skipped\n")
        return
    home = site.root_page
    en_page = DonationPage.objects.child_of(home).filter(slug="donate").first()
    if en_page is None:
        en_page = DonationPage(slug="donate", locale=home.locale, **PAGE_EN)
        home.add_child(instance=en_page)
        en_page.save_revision().publish()
        out.write(f"  created {home.locale.language_code}: {en_page.title}\n")
    if en_page.privacy_page_id is None:
        privacy = home.get_children().live().filter(slug=PRIVACY_SLUG).first()
        if privacy is not None:
            en_page.privacy_page = privacy
            en_page.save_revision().publish()
    for locale in Locale.objects.exclude(pk=en_page.locale_id):
        if locale.language_code != "ko" or en_page.get_translation_or_none(locale):
            continue
        if home.get_translation_or_none(locale) is None:
            continue
        ko_page = en_page.copy_for_translation(locale, copy_parents=False, alias=False)
        for name, value in PAGE_KO.items():
            setattr(ko_page, name, value)
        ko_page.save()
        ko_page.save_revision().publish()
        out.write(f"  created ko: {ko_page.title}\n")
