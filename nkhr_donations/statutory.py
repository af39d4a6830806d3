"""Statutory donation receipts (기부금 영수증, 소득세법 시행규칙 별지
제45호의2서식), their issuance ledger and the bulk data for Hometax.

A statutory receipt is one annual receipt (``receipts.annual_receipts``)
issued with a serial number: its gifts in won, each with its date and amount,
the donor's name, resident number and address, and the organisation's name,
registration number and the legal basis of the deduction. What was issued is
kept in the ledger (``ReceiptLedgerEntry``) exactly as printed, so a reprint
shows the same receipt; if the gifts changed since (a refund, a merge), issuing
again gives a new serial number and marks the old entry as replaced.

Resident numbers are decrypted only to print a receipt or write the Hometax
file, and each such output is recorded (``audit.record_access``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import crypto, receipts
from .audit import record_access
from .conf import setting
from .csv_export import csv_text
from .exceptions import DonationError
from .models import ReceiptLedgerEntry, ReceiptSerial, SensitiveAccess
from .money import Currency, format_amount

# 기부금 구분: every gift taken here is money (금전), not goods (현물).
GIFT_KIND = "금전"


class ReceiptRefused(DonationError):
    """No statutory receipt can be issued for this (year, receipt)."""


def issuer() -> dict[str, str]:
    """The organisation as the receipt names it. The registration number, the
    legal basis and the donation type code come from DONATIONS_RECEIPT_ISSUER
    and stay empty until set: they are not in the organisation's seeds."""
    details = {
        **receipts.default_organisation(),
        "registration_number": "",
        "legal_basis": "",
        "gift_code": "",
    }
    details.update(setting("DONATIONS_RECEIPT_ISSUER") or {})
    return details


def _next_serial(year: int) -> int:
    """The next serial number of ``year``, under a row lock; never reused."""
    counter, _created = ReceiptSerial.objects.get_or_create(year=year)
    counter = ReceiptSerial.objects.select_for_update().get(pk=counter.pk)
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return counter.last_serial


def _lines(receipt: receipts.AnnualReceipt) -> list[list]:
    return [
        [day.isoformat(), amount]
        for day, amount, currency in receipt.gifts
        if currency == Currency.KRW
    ]


def issue(year: int, key: str, *, user) -> ReceiptLedgerEntry:
    """The ledger entry of the statutory receipt for (year, key): the current
    one if the gifts are unchanged, otherwise a new one with a new serial."""
    found = receipts.annual_receipts(year, key=key)
    if not found:
        raise ReceiptRefused(_("There is no such receipt for this year."))
    receipt = found[0]
    lines = _lines(receipt)
    if not lines:
        raise ReceiptRefused(
            _(
                "This receipt has no gifts in won; the statutory receipt is for "
                "gifts in won only."
            )
        )
    with transaction.atomic():
        current = (
            ReceiptLedgerEntry.objects.select_for_update()
            .filter(year=year, receipt_key=key, superseded_by__isnull=True)
            .first()
        )
        if current is not None and current.gift_lines == lines:
            return current
        entry = ReceiptLedgerEntry.objects.create(
            year=year,
            serial=_next_serial(year),
            receipt_key=key,
            donor_name=receipt.donor_name,
            donor_address=receipt.postal_address,
            national_id_ciphertext=crypto.encrypt(receipt.national_id)
            if receipt.national_id
            else "",
            gift_lines=lines,
            total_minor=sum(amount for _day, amount in lines),
            gifts=len(lines),
            issued_by=user.get_username() if user is not None else "(command line)",
        )
        if current is not None:
            current.superseded_by = entry
            current.save(update_fields=["superseded_by"])
    return entry


@dataclass(frozen=True)
class PrintedReceipt:
    """Everything the printable form shows, numbers decrypted."""

    entry: ReceiptLedgerEntry
    national_id: str
    issuer: dict[str, str]
    lines: list[tuple[str, int]]
    gift_kind: str = GIFT_KIND


def printable(entry: ReceiptLedgerEntry, *, user) -> PrintedReceipt:
    """The receipt as issued, resident number decrypted; the access is recorded."""
    record_access(
        user,
        SensitiveAccess.Kind.STATUTORY_RECEIPT,
        f"{entry.serial_display} {entry.receipt_key}",
    )
    number = (
        crypto.decrypt(entry.national_id_ciphertext)
        if entry.national_id_ciphertext
        else ""
    )
    return PrintedReceipt(
        entry=entry,
        national_id=number,
        issuer=issuer(),
        lines=[(day, amount) for day, amount in entry.gift_lines],
    )


# --- Hometax ---------------------------------------------------------------

HOMETAX_HEADER = [
    "일련번호",
    "기부자성명",
    "주민등록번호",
    "기부금단체고유번호",
    "유형코드",
    "구분",
    "기부일자",
    "기부금액",
    "발급일자",
]


@dataclass(frozen=True)
class HometaxExport:
    text: str
    receipts: int
    without_national_id: list[str]


def hometax_export(year: int, *, user) -> HometaxExport:
    """One row per gift in won of every receipt of ``year`` that carries a
    resident number, each receipt issued (or its current serial reused).
    Receipts without a resident number cannot be filed and are listed."""
    # All receipts are issued or none: a failure half-way leaves no new serials.
    with transaction.atomic():
        return _hometax_export(year, user=user)


def _hometax_export(year: int, *, user) -> HometaxExport:
    record_access(user, SensitiveAccess.Kind.HOMETAX, str(year))
    details = issuer()
    rows: list[list] = [HOMETAX_HEADER]
    count = 0
    missing: list[str] = []
    for receipt in receipts.annual_receipts(year):
        if not _lines(receipt):
            continue
        if not receipt.national_id:
            missing.append(receipt.key)
            continue
        entry = issue(year, receipt.key, user=user)
        count += 1
        issued = timezone.localtime(entry.issued_at).strftime("%Y%m%d")
        for day, amount in entry.gift_lines:
            rows.append(
                [
                    entry.serial_display,
                    entry.donor_name,
                    receipt.national_id.replace("-", ""),
                    details["registration_number"].replace("-", ""),
                    details["gift_code"],
                    GIFT_KIND,
                    day.replace("-", ""),
                    amount,
                    issued,
                ]
            )
    return HometaxExport(csv_text(rows), count, missing)


def statutory_receipt_pdf(printed: PrintedReceipt) -> bytes:
    """The same receipt as a one-page A4 PDF (reportlab, its built-in Korean
    font, as the annual receipt PDF): the fields of 별지 제45호의2."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import (
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    font = receipts.FONT
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    entry, org = printed.entry, printed.issuer
    text = ParagraphStyle("text", fontName=font, fontSize=9, leading=13)
    title = ParagraphStyle("title", parent=text, fontSize=18, leading=24, alignment=1)
    right = ParagraphStyle("right", parent=text, alignment=2)

    def table(rows, widths, header_cells=()):
        grid = Table(
            [[Paragraph(str(cell), text) for cell in row] for row in rows],
            colWidths=[w * mm for w in widths],
        )
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        style += [
            ("BACKGROUND", c, c, colors.HexColor("#f2f2f2")) for c in header_cells
        ]
        grid.setStyle(TableStyle(style))
        return grid

    issued = timezone.localtime(entry.issued_at)
    day = f"{issued.year}년 {issued.month}월 {issued.day}일"
    story = [
        Paragraph("■ 소득세법 시행규칙 [별지 제45호의2서식]", text),
        Paragraph(f"일련번호 {entry.serial_display}", text),
        Paragraph("기부금 영수증", title),
        Spacer(1, 4 * mm),
        Paragraph("① 기부자", text),
        table(
            [
                [
                    "성명(법인명)",
                    entry.donor_name,
                    "주민등록번호(사업자등록번호)",
                    printed.national_id,
                ],
                ["주소(소재지)", entry.donor_address, "", ""],
            ],  # fmt: skip
            [28, 52, 45, 45],
            [(0, 0), (2, 0), (0, 1)],
        ),
        Spacer(1, 3 * mm),
        Paragraph("② 기부금 단체", text),
        table(
            [
                [
                    "단체명",
                    org.get("name_ko", ""),
                    "사업자등록번호(고유번호)",
                    org.get("registration_number", ""),
                ],
                [
                    "소재지",
                    org.get("address_ko") or org.get("address", ""),
                    "기부금공제대상 기부금단체 근거법령",
                    org.get("legal_basis", ""),
                ],
            ],  # fmt: skip
            [28, 52, 45, 45],
            [(0, 0), (2, 0), (0, 1), (2, 1)],
        ),
        Spacer(1, 3 * mm),
        Paragraph("③ 기부금 모집처(언론기관 등)", text),
        table(
            [["단체명", "", "사업자등록번호", ""], ["소재지", "", "", ""]],
            [28, 52, 45, 45],
            [(0, 0), (2, 0), (0, 1)],
        ),
        Spacer(1, 3 * mm),
        Paragraph("④ 기부내용", text),
        table(
            [["코드", "구분", "연월일", "품명", "수량", "단가", "금액"]]
            + [
                [
                    org.get("gift_code", ""),
                    printed.gift_kind,
                    gift_day,
                    "",
                    "",
                    "",
                    format_amount(amount, Currency.KRW),
                ]
                for gift_day, amount in printed.lines
            ]
            + [
                [
                    "합계",
                    "",
                    "",
                    "",
                    "",
                    "",
                    format_amount(entry.total_minor, Currency.KRW),
                ]
            ],
            [15, 15, 28, 30, 17, 25, 40],
            [(i, 0) for i in range(7)],
        ),  # fmt: skip
        Spacer(1, 5 * mm),
        Paragraph(
            "「소득세법」 제34조, 「조세특례제한법」 제76조·제88조의4 및 「법인세법」 "
            "제24조에 따른 기부금을 위와 같이 기부하였음을 증명하여 주시기 바랍니다.",
            text,
        ),
        Paragraph(f"{day}<br/>신청인 {entry.donor_name} (서명 또는 인)", right),
        Spacer(1, 4 * mm),
        Paragraph("위와 같이 기부금을 기부하였음을 증명합니다.", text),
        Paragraph(
            f"{day}<br/>기부금 수령인 {org.get('name_ko', '')} (서명 또는 인)", right
        ),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"기부금 영수증 {entry.serial_display}",
        invariant=True,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    ).build(story)
    return buffer.getvalue()
