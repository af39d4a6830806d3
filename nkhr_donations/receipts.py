"""Receipts: the email once a payment is confirmed, and the annual receipts
(PDF per donor, CSV for the filing) for Korean year-end tax settlement."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import crypto, donors, payments
from .conf import setting
from .csv_export import csv_text
from .models import Donation, Frequency
from .money import format_amount, to_decimal

logger = logging.getLogger(__name__)
CANCEL_SALT = "nkhr_donations.cancel-monthly"


def cancel_token(donation: Donation) -> str:
    return signing.dumps(str(donation.public_id), salt=CANCEL_SALT)


def donation_for_cancel_token(token: str) -> Donation | None:
    try:
        public_id = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    return Donation.objects.filter(public_id=public_id).first()


def absolute_url(path: str) -> str:
    return setting("WAGTAILADMIN_BASE_URL").rstrip("/") + path


def cancel_url(donation: Donation) -> str:
    return absolute_url(
        reverse("nkhr_donations:cancel_monthly", args=[cancel_token(donation)])
    )


def manage_url(donation: Donation) -> str:
    """The emailed link where a PortOne monthly donor changes the amount,
    pauses or stops the gift (no account: the signed link is the key)."""
    return absolute_url(
        reverse("nkhr_donations:manage_monthly", args=[cancel_token(donation)])
    )


def stop_url(donation: Donation) -> str:
    """The link in a monthly gift's emails that stops (or, for PortOne, manages) it."""
    if donation.provider == "portone":
        return manage_url(donation)
    return cancel_url(donation)


def confirm_url(donation: Donation) -> str:
    """The link that verifies the gift's donor identity, for a receipt-wanting
    gift whose identity is not verified yet; "" otherwise."""
    donor = donation.donor
    if not donation.wants_receipt or donor is None:
        return ""
    if donor.is_verified or donor.merged_into_id:
        return ""
    token = donors.issue_confirmation_token(donor)
    return absolute_url(reverse("nkhr_donations:confirm_donor", args=[token]))


def send_new_confirmation_link(donor, language: str) -> None:
    """Email a new confirmation link to the identity's address, asked for on
    the page of an expired link. The new token replaces the old one only if
    the email went out (a failed send raises and changes nothing)."""
    with transaction.atomic():
        token = donors.issue_confirmation_token(donor)
        with translation.override(language):
            context = {
                "name": donor.name,
                "confirm_url": absolute_url(
                    reverse("nkhr_donations:confirm_donor", args=[token])
                ),
                "days": donors.confirm_max_age_days(),
            }
            subject = render_to_string(
                "nkhr_donations/email/confirm_link_subject.txt", context
            ).strip()
            text = render_to_string("nkhr_donations/email/confirm_link.txt", context)
        EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [donor.email]).send()


def send_payment_receipt(donation_id: int) -> bool:
    """Email the receipt for a confirmed donation, once. Returns whether it sent."""
    # Confirmed once is enough: a refund racing the email does not unsay that
    # the payment arrived, and the claim below makes the email go out only once.
    claimed = Donation.objects.filter(
        pk=donation_id, confirmed_at__isnull=False, receipt_sent_at__isnull=True
    ).update(receipt_sent_at=timezone.now())
    if not claimed:
        return False
    donation = Donation.objects.get(pk=donation_id)
    try:
        message = build_receipt_email(donation)
        message.send()
    except Exception:
        logger.exception("Receipt email for %s failed", donation.reference_code)
        Donation.objects.filter(pk=donation_id).update(receipt_sent_at=None)
        return False
    return True


def build_receipt_email(donation: Donation) -> EmailMultiAlternatives:
    with translation.override(donation.language):
        context = {
            "donation": donation,
            "amount": format_amount(donation.amount_minor, donation.currency),
            "cancel_url": stop_url(donation)
            if donation.frequency == Frequency.MONTHLY
            else "",
            "confirm_url": confirm_url(donation),
            "can_manage": donation.provider == "portone",
        }
        subject = render_to_string(
            "nkhr_donations/email/receipt_subject.txt", context
        ).strip()
        text = render_to_string("nkhr_donations/email/receipt.txt", context)
        html = render_to_string("nkhr_donations/email/receipt.html", context)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [donation.donor_email]
    )
    message.attach_alternative(html, "text/html")
    return message


# --- Annual receipts -------------------------------------------------------


@dataclass
class AnnualReceipt:
    """The confirmed gifts of one donor identity in one calendar year (Korea
    time). ``key`` names it: ``D<id>`` for a verified identity, whose gifts
    are added up, ``G<id>`` for a single gift without a verified identity."""

    year: int
    key: str
    donor_email: str
    donor_name: str
    verified: bool = False
    national_id: str = ""
    totals: dict[str, int] = field(default_factory=dict)
    count: int = 0
    postal_address: str = ""
    # (date confirmed in Korea time, amount in minor units, currency) per gift.
    gifts: list[tuple[date, int, str]] = field(default_factory=list)

    @property
    def totals_display(self) -> list[str]:
        return [format_amount(v, c) for c, v in sorted(self.totals.items())]


def _receipt_for(donation: Donation, year: int) -> AnnualReceipt:
    """A verified identity's receipt carries the identity's name and address;
    any other gift's receipt carries exactly what was typed with that gift,
    never merged with another gift by a matching address."""
    donor = donation.donor
    if donor is not None and donor.is_verified:
        return AnnualReceipt(year, f"D{donor.pk}", donor.email, donor.name, True)
    return AnnualReceipt(
        year, f"G{donation.pk}", donation.donor_email, donation.donor_name
    )


def _receipt_gifts(year: int, key: str | None) -> list[payments.Line]:
    """Every payment of ``year`` that goes on a receipt, as (gift, moment
    paid, amount, currency), in the order paid: each month of a monthly gift
    is one line (``payments`` says what counts on each rail)."""
    gifts = Donation.objects.filter(wants_receipt=True).select_related("donor")
    if key is not None:
        kind, number = key[:1], key[1:]
        if kind not in ("D", "G") or not (number.isascii() and number.isdigit()):
            return []
        gifts = gifts.filter(
            **(
                {"donor_id": number, "donor__verified_at__isnull": False}
                if kind == "D"
                else {"pk": number}
            )
        )
    return payments.paid_lines(gifts, date(year, 1, 1), date(year + 1, 1, 1))


def annual_receipts(year: int, key: str | None = None) -> list[AnnualReceipt]:
    """What was paid in ``year`` by gifts that asked for a receipt, one
    receipt per verified identity or per gift (``key`` picks one receipt);
    each month of a monthly gift is one line."""
    receipts: dict[str, AnnualReceipt] = {}
    for donation, moment, amount, currency in _receipt_gifts(year, key):
        candidate = _receipt_for(donation, year)
        receipt = receipts.setdefault(candidate.key, candidate)
        if donation.national_id_ciphertext and not receipt.national_id:
            try:
                receipt.national_id = crypto.decrypt(donation.national_id_ciphertext)
            except crypto.EncryptionNotConfigured:
                logger.warning("National ID of %s cannot be read", donation.pk)
        if donation.donor is not None and not receipt.postal_address:
            receipt.postal_address = donation.donor.postal_address
        receipt.totals[currency] = receipt.totals.get(currency, 0) + amount
        receipt.count += 1
        receipt.gifts.append((timezone.localtime(moment).date(), amount, currency))
    return sorted(receipts.values(), key=lambda r: (r.donor_name, r.key))


CSV_HEADER = [
    "year",
    "receipt",
    "email_verified",
    "donor_name",
    "donor_email",
    "national_id",
    "currency",
    "total",
    "donations",
]


def annual_receipts_csv(year: int) -> str:
    """One row per donor and currency, for the year-end tax filing. Totals are
    numbers in major units; every text cell is escaped (see ``csv_export``)."""
    rows: list[list] = [CSV_HEADER]
    for receipt in annual_receipts(year):
        for currency, total in sorted(receipt.totals.items()):
            rows.append(
                [
                    year,
                    receipt.key,
                    "yes" if receipt.verified else "no",
                    receipt.donor_name,
                    receipt.donor_email,
                    receipt.national_id,
                    currency,
                    to_decimal(total, currency),
                    receipt.count,
                ]
            )
    return csv_text(rows)


FONT = "HYSMyeongJo-Medium"  # reportlab's built-in Korean CID font: no font file


def annual_receipt_pdf(receipt: AnnualReceipt, organisation: dict[str, str]) -> bytes:
    """A one-page bilingual receipt (기부금 영수증) for ``receipt``."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    pdf.setTitle(f"Donation receipt {receipt.year}")
    width, height = A4
    y = height - 72

    def line(text: str, size: int = 11, gap: int = 20) -> None:
        nonlocal y
        pdf.setFont(FONT, size)
        pdf.drawString(60, y, text)
        y -= gap

    line("기부금 영수증 / Donation receipt", 18, 34)
    line(f"{receipt.year}년 귀속 / Tax year {receipt.year}", 12, 30)
    line(f"기부자 / Donor: {receipt.donor_name}")
    line(f"이메일 / Email: {receipt.donor_email}")
    if receipt.national_id:
        line(
            "주민등록번호 / National ID: "
            + crypto.mask_national_id(receipt.national_id)
        )
    y -= 10
    for currency, total in sorted(receipt.totals.items()):
        line(f"기부금액 / Total donated ({currency}): {format_amount(total, currency)}")
    line(f"기부 건수 / Number of gifts: {receipt.count}", gap=34)
    line(f"기부금 단체 / Recipient: {organisation.get('name_ko', '')}")
    line(organisation.get("name_en", ""))
    if organisation.get("address"):
        line(organisation["address"], 9)
    y -= 10
    line(
        "위와 같이 기부금을 기부하였음을 증명합니다. / We confirm the donations above.",
        10,
    )
    line(timezone.localdate().isoformat(), 10)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def default_organisation() -> dict[str, str]:
    return {
        "name_en": "Citizens' Alliance for North Korean Human Rights (NKHR)",
        "name_ko": "(사)북한인권시민연합",
        "address": "#1801 Golden Tower Building, 53 Chungjeong-ro, Seodaemun-gu, "
        "Seoul 03736, Republic of Korea",
    }
