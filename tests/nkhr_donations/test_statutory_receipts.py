"""Statutory donation receipts (별지 제45호의2), the issuance ledger (serials
unique per year, never reused, kept five years) and the Hometax data, over
every rail: card, bank transfer and CMS auto-debit."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from nkhr_donations import crypto, debits, statutory
from nkhr_donations.debit_agencies import nkhr_fixed
from nkhr_donations.ledger_purge import retention_cutoff
from nkhr_donations.models import Donor, ReceiptLedgerEntry, SensitiveAccess
from nkhr_donations.services import transition

pytestmark = pytest.mark.django_db
NATIONAL_ID = "900101-1234568"
YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def issuer_settings(settings):
    settings.DONATIONS_CMS_ENABLED = True
    settings.DONATIONS_CMS_INSTITUTION_CODE = "TEST000001"
    settings.DONATIONS_RECEIPT_ISSUER = {
        "registration_number": "000-00-00000",
        "gift_code": "40",
    }
    return settings


@pytest.fixture
def donor(db):
    return Donor.objects.create(
        name="Kim Min-ji",
        email="minji@example.org",
        postal_address="서울특별시 서대문구 충정로 53",
        verified_at=timezone.now(),
        verified_by="finance",
    )


@pytest.fixture
def gifts(make_donation, donor, finance_user):
    """A card gift, a bank transfer and a CMS debit of one verified donor."""
    ciphertext = crypto.encrypt(NATIONAL_ID)
    common = {
        "wants_receipt": True,
        "donor": donor,
        "national_id_ciphertext": ciphertext,
    }
    card = make_donation(amount_minor=30000, **common)
    bank = make_donation(amount_minor=50000, provider="bank_transfer", **common)
    transition(card.pk, "succeeded", source="test")
    transition(bank.pk, "succeeded", source="test")
    mandate = debits.record_pledge(
        debits.Pledge(
            amount_minor=20000,
            designation="general",
            donor_name="Kim Min-ji",
            donor_email="minji@example.org",
            bank_code="004",
            account_number="12345678901234",
            holder_name="김민지",
            holder_birth="900101",
            consent_text="agreed",
            wants_receipt=True,
            national_id=NATIONAL_ID,
        ),
        ip_address="203.0.113.7",
    )
    mandate.donor = donor
    mandate.save()
    today = timezone.localdate()
    batch = debits.create_batch(today, today, user=finance_user)
    lines = debits.request_lines(batch)
    debits.import_results(
        nkhr_fixed.result_file(
            debits._batch_info(batch), [(line, True, "0000") for line in lines]
        ),
        user=finance_user,
    )
    return [card, bank, batch.requests.get().donation]


def test_statutory_receipt_lists_every_rail_with_the_full_number(
    client, finance_user, gifts, donor
):
    client.force_login(finance_user)
    response = client.post(
        reverse("nkhr_donations_admin:issue_statutory_receipt"),
        {"year": YEAR, "receipt": f"D{donor.pk}"},
    )
    entry = ReceiptLedgerEntry.objects.get()
    assert response["Location"] == reverse(
        "nkhr_donations_admin:ledger_entry", args=[entry.pk]
    )
    html = client.get(response["Location"]).content.decode()
    assert "별지 제45호의2" in html
    assert f"{YEAR}-00001" in html
    assert NATIONAL_ID in html
    assert "서울특별시 서대문구 충정로 53" in html
    assert "000-00-00000" in html  # from DONATIONS_RECEIPT_ISSUER
    assert "(사)북한인권시민연합" in html
    for amount in ("₩30,000", "₩50,000", "₩20,000", "₩100,000"):
        assert amount in html
    assert entry.total_minor == 100000
    assert entry.gifts == 3
    assert NATIONAL_ID not in entry.national_id_ciphertext
    access = SensitiveAccess.objects.get(kind="statutory_receipt")
    assert access.username == "finance"
    # The ledger lists it masked.
    ledger = client.get(reverse("nkhr_donations_admin:ledger") + f"?year={YEAR}")
    assert "900101-1******" in ledger.content.decode()
    assert NATIONAL_ID not in ledger.content.decode()


def test_registration_number_is_empty_until_configured(
    client, finance_user, gifts, donor, settings
):
    settings.DONATIONS_RECEIPT_ISSUER = {}
    entry = statutory.issue(YEAR, f"D{donor.pk}", user=finance_user)
    client.force_login(finance_user)
    html = client.get(reverse("nkhr_donations_admin:ledger_entry", args=[entry.pk]))
    assert '<td class="registration-number"></td>' in html.content.decode()


def test_serials_unique_per_year_and_never_reused(finance_user, gifts, donor):
    key = f"D{donor.pk}"
    first = statutory.issue(YEAR, key, user=finance_user)
    assert statutory.issue(YEAR, key, user=finance_user) == first  # a reprint
    transition(gifts[0].pk, "refunded", source="test")
    second = statutory.issue(YEAR, key, user=finance_user)
    assert (first.serial, second.serial) == (1, 2)
    assert second.total_minor == 70000
    first.refresh_from_db()
    assert first.superseded_by == second
    # Old entries past five years are deleted; their numbers are not reused.
    ReceiptLedgerEntry.objects.update(
        issued_at=timezone.now() - timedelta(days=6 * 366)
    )
    call_command("purge_receipt_ledger", issued_before=retention_cutoff().isoformat())
    assert not ReceiptLedgerEntry.objects.exists()
    assert statutory.issue(YEAR, key, user=finance_user).serial == 3


def test_purge_refuses_entries_younger_than_five_years(finance_user, gifts, donor):
    statutory.issue(YEAR, f"D{donor.pk}", user=finance_user)
    too_late = retention_cutoff() + timedelta(days=1)
    with pytest.raises(CommandError, match="5 years"):
        call_command("purge_receipt_ledger", issued_before=too_late.isoformat())
    with pytest.raises(CommandError, match="not a date"):
        call_command("purge_receipt_ledger", issued_before="yesterday")
    assert ReceiptLedgerEntry.objects.count() == 1


def test_no_statutory_receipt_for_gifts_in_dollars_only(
    client, finance_user, make_donation
):
    gift = make_donation(currency="USD", amount_minor=2500, wants_receipt=True)
    transition(gift.pk, "succeeded", source="test")
    client.force_login(finance_user)
    response = client.post(
        reverse("nkhr_donations_admin:issue_statutory_receipt"),
        {"year": YEAR, "receipt": f"G{gift.pk}"},
        follow=True,
    )
    assert "gifts in won only" in response.content.decode()
    assert not ReceiptLedgerEntry.objects.exists()


def test_hometax_file_one_row_per_gift(
    client, finance_user, gifts, donor, make_donation
):
    no_number = make_donation(amount_minor=10000, wants_receipt=True)
    transition(no_number.pk, "succeeded", source="test")
    client.force_login(finance_user)
    response = client.post(reverse("nkhr_donations_admin:hometax"), {"year": YEAR})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == statutory.HOMETAX_HEADER
    assert len(rows) == 4
    assert {row[2] for row in rows[1:]} == {NATIONAL_ID.replace("-", "")}
    assert {row[3] for row in rows[1:]} == {"0000000000"}
    assert sorted(row[7] for row in rows[1:]) == ["20000", "30000", "50000"]
    assert {row[0] for row in rows[1:]} == {f"{YEAR}-00001"}
    assert response["X-Receipts-Without-National-Id"] == f"G{no_number.pk}"
    assert SensitiveAccess.objects.filter(kind="hometax", username="finance").exists()


def test_receipts_csv_download_is_recorded_and_listed(client, finance_user, gifts):
    client.force_login(finance_user)
    client.get(reverse("nkhr_donations_admin:annual_receipts_csv") + f"?year={YEAR}")
    assert SensitiveAccess.objects.filter(kind="receipts_csv").count() == 1
    html = client.get(reverse("nkhr_donations_admin:access_log")).content.decode()
    assert "Annual receipts CSV" in html
    assert "finance" in html


def test_editors_cannot_issue_or_download(
    client, editor_user, gifts, donor, finance_user
):
    entry = statutory.issue(YEAR, f"D{donor.pk}", user=finance_user)
    client.force_login(editor_user)
    assert client.get(reverse("nkhr_donations_admin:ledger")).status_code == 403
    assert client.get(reverse("nkhr_donations_admin:access_log")).status_code == 403
    assert (
        client.get(
            reverse("nkhr_donations_admin:ledger_entry", args=[entry.pk])
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("nkhr_donations_admin:hometax"), {"year": YEAR}).status_code
        == 403
    )
    response = client.post(
        reverse("nkhr_donations_admin:issue_statutory_receipt"),
        {"year": YEAR, "receipt": f"D{donor.pk}"},
    )
    assert response.status_code == 403
    assert ReceiptLedgerEntry.objects.count() == 1
    assert not SensitiveAccess.objects.exists()


def test_ledger_keeps_five_years():
    assert retention_cutoff(date(2026, 12, 7)) == date(2021, 12, 7)
    assert retention_cutoff(date(2028, 2, 29)) == date(2023, 2, 28)


def test_statutory_receipt_as_pdf(client, finance_user, gifts, donor):
    entry = statutory.issue(YEAR, f"D{donor.pk}", user=finance_user)
    client.force_login(finance_user)
    response = client.get(
        reverse("nkhr_donations_admin:ledger_entry_pdf", args=[entry.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in ("기부금 영수증", f"{YEAR}-00001", NATIONAL_ID, "₩100,000", "금전"):
        assert expected in text
    assert SensitiveAccess.objects.filter(kind="statutory_receipt").count() == 1
