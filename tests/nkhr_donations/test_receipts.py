"""Receipt emails in the donor's language, and the annual receipts (PDF, CSV)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from nkhr_donations import crypto, donors
from nkhr_donations.models import Donation
from nkhr_donations.receipts import (
    annual_receipt_pdf,
    annual_receipts,
    annual_receipts_csv,
    default_organisation,
    send_payment_receipt,
)
from nkhr_donations.services import transition

pytestmark = pytest.mark.django_db


def _confirm(donation, when=None):
    transition(donation.pk, "succeeded", source="test")
    if when:
        Donation.objects.filter(pk=donation.pk).update(confirmed_at=when)


def test_receipt_email_has_html_and_text_in_english(make_donation, mailoutbox):
    donation = make_donation(amount_minor=2550, currency="USD")
    _confirm(donation)
    assert send_payment_receipt(donation.pk)
    assert not send_payment_receipt(donation.pk)  # once only
    (message,) = mailoutbox
    assert message.to == ["jiyoon@example.org"]
    assert donation.reference_code in message.subject
    assert "$25.50" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "$25.50" in html
    assert "cancel" not in message.body.lower()  # one-time gifts have nothing to cancel


def test_monthly_receipt_in_korean_links_to_a_working_cancel_page(
    client, make_donation, mailoutbox
):
    donation = make_donation(frequency="monthly", language="ko")
    _confirm(donation)
    send_payment_receipt(donation.pk)
    (message,) = mailoutbox
    assert "후원" in message.subject
    assert "₩30,000" in message.body
    link = next(
        word for word in message.body.split() if "/donations/monthly/cancel/" in word
    )
    path = link.removeprefix("http://testserver")
    page = client.get(path)
    assert page.status_code == 200
    assert "정기 후원" in page.content.decode()


def test_pending_donation_gets_no_receipt(make_donation, mailoutbox):
    donation = make_donation()
    assert not send_payment_receipt(donation.pk)
    assert mailoutbox == []


@pytest.fixture
def gift(make_donation):
    """A gift that asks for a receipt, with a donor identity of its own (as the
    donation form records it)."""

    def make(**fields):
        fields.setdefault("wants_receipt", True)
        identity = donors.new_identity(
            fields.get("donor_name", "Lee Ji-yoon"),
            fields.get("donor_email", "jiyoon@example.org"),
        )
        return make_donation(donor=identity, **fields)

    return make


@pytest.fixture
def year_of_gifts(gift, make_donation):
    tz = timezone.get_default_timezone()
    in_2025 = datetime(2025, 6, 1, 12, tzinfo=tz)
    kim = {
        "donor_name": "김민지",
        "donor_email": "minji@example.org",
        "national_id_ciphertext": crypto.encrypt("900101-2345678"),
    }
    first = gift(amount_minor=30000, **kim)
    second = gift(amount_minor=50000, **{**kim, "donor_email": "MINJI@example.org"})
    _confirm(first, in_2025)
    _confirm(second, in_2025)
    # Both links confirmed from Kim's mailbox: one identity, one receipt.
    donors.confirm_email(first.donor)
    donors.confirm_email(second.donor)
    # Not counted: another year (Korea time!), no receipt wanted, not confirmed.
    _confirm(
        gift(amount_minor=70000, **kim),
        datetime(2025, 12, 31, 15, 30, tzinfo=UTC),
    )  # 2026-01-01 KST
    _confirm(make_donation(amount_minor=90000, donor_email="x@example.org"), in_2025)
    gift(amount_minor=11000, **kim)
    return in_2025


def test_annual_totals_per_verified_identity_and_year(year_of_gifts):
    (receipt,) = annual_receipts(2025)
    first = Donation.objects.filter(amount_minor=30000).get()
    assert receipt.key == f"D{first.donor_id}"
    assert receipt.verified
    assert receipt.donor_email == "minji@example.org"
    assert receipt.totals == {"KRW": 80000}
    assert receipt.count == 2
    assert receipt.national_id == "900101-2345678"
    (next_year,) = annual_receipts(2026)
    assert next_year.totals == {"KRW": 70000}
    assert not next_year.verified  # its own link was not confirmed


def test_annual_receipt_pdf_renders_korean_text(year_of_gifts):
    (receipt,) = annual_receipts(2025)
    pdf = annual_receipt_pdf(receipt, default_organisation())
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "기부금 영수증" in text
    assert "김민지" in text
    assert "₩80,000" in text
    assert "900101-2******" in text
    assert "2345678" not in text
    assert "북한인권시민연합" in text


def test_annual_csv_for_the_tax_filing(year_of_gifts):
    rows = list(csv.DictReader(io.StringIO(annual_receipts_csv(2025))))
    assert rows == [
        {
            "year": "2025",
            "receipt": annual_receipts(2025)[0].key,
            "email_verified": "yes",
            "donor_name": "김민지",
            "donor_email": "minji@example.org",
            "national_id": "900101-2345678",
            "currency": "KRW",
            "total": "80000",
            "donations": "2",
        }
    ]


def test_finance_downloads_receipts_in_the_admin(client, finance_user, year_of_gifts):
    client.force_login(finance_user)
    index = client.get(reverse("nkhr_donations_admin:annual_receipts") + "?year=2025")
    assert "김민지" in index.content.decode()
    key = annual_receipts(2025)[0].key
    assert f"receipt={key}" in index.content.decode()
    pdf = client.get(
        reverse("nkhr_donations_admin:annual_receipt_pdf") + f"?year=2025&receipt={key}"
    )
    assert pdf["Content-Type"] == "application/pdf"
    assert "김민지" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    csv_response = client.get(
        reverse("nkhr_donations_admin:annual_receipts_csv") + "?year=2025"
    )
    assert "900101-2345678" in csv_response.content.decode()


def test_issue_annual_receipts_command(year_of_gifts, tmp_path):
    call_command("issue_annual_receipts", year=2025, out=str(tmp_path))
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert len(pdfs) == 1
    assert "김민지" in PdfReader(str(pdfs[0])).pages[0].extract_text()
    assert "80000" in (tmp_path / "receipts-2025.csv").read_text(encoding="utf-8")


def test_purge_command_deletes_old_national_ids(make_donation):
    old = make_donation(national_id_ciphertext=crypto.encrypt("900101-2345678"))
    Donation.objects.filter(pk=old.pk).update(
        created_at=datetime(2023, 5, 1, tzinfo=UTC)
    )
    recent = make_donation(national_id_ciphertext=crypto.encrypt("900101-2345678"))
    call_command("purge_national_ids", before_year=2024)
    assert Donation.objects.get(pk=old.pk).national_id_ciphertext == ""
    assert Donation.objects.get(pk=recent.pk).national_id_ciphertext != ""
    call_command("purge_national_ids", purge_all=True)
    assert not Donation.objects.exclude(national_id_ciphertext="").exists()


def test_key_rotation(make_donation, settings):
    donation = make_donation(national_id_ciphertext=crypto.encrypt("900101-2345678"))
    old_key = settings.DONATIONS_ENCRYPTION_KEY
    new_key = Fernet.generate_key().decode()
    settings.DONATIONS_ENCRYPTION_KEY = new_key  # old key dropped too early
    with pytest.raises(CommandError):
        call_command("rotate_donations_key")
    settings.DONATIONS_ENCRYPTION_KEY = f"{new_key},{old_key}"
    call_command("rotate_donations_key")
    settings.DONATIONS_ENCRYPTION_KEY = new_key
    donation.refresh_from_db()
    assert crypto.decrypt(donation.national_id_ciphertext) == "900101-2345678"
