"""Korean banks by their three-digit code (금융기관 공동코드), as CMS files
carry them. The list a donor chooses from on the pledge form."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

BANKS: list[tuple[str, str]] = [
    ("004", _("KB Kookmin Bank")),
    ("011", _("NH NongHyup Bank")),
    ("020", _("Woori Bank")),
    ("081", _("Hana Bank")),
    ("088", _("Shinhan Bank")),
    ("003", _("IBK Industrial Bank of Korea")),
    ("023", _("SC First Bank")),
    ("027", _("Citibank Korea")),
    ("031", _("iM Bank (Daegu)")),
    ("032", _("Busan Bank")),
    ("034", _("Gwangju Bank")),
    ("035", _("Jeju Bank")),
    ("037", _("Jeonbuk Bank")),
    ("039", _("Kyongnam Bank")),
    ("002", _("Korea Development Bank")),
    ("007", _("Suhyup Bank")),
    ("045", _("Korean Federation of Community Credit Cooperatives (MG)")),
    ("048", _("National Credit Union Federation of Korea (Shinhyup)")),
    ("071", _("Korea Post")),
    ("089", _("K Bank")),
    ("090", _("Kakao Bank")),
    ("092", _("Toss Bank")),
]
BANK_NAMES = dict(BANKS)
