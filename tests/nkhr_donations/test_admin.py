"""The Finance report and actions in the Wagtail admin, and who may see them."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from nkhr_donations import crypto
from nkhr_donations.models import Donation, Donor
from nkhr_donations.services import transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def donations(make_donation):
    made = [
        make_donation(
            amount_minor=30000,
            designation="refugee_rescue",
            donor_name="Kim Min-ji",
            donor_email="minji@example.org",
        ),
        make_donation(
            amount_minor=50000,
            provider="bank_transfer",
            donor_name="Park Seo-yeon",
            donor_email="seoyeon@example.org",
        ),
        make_donation(
            amount_minor=2550,
            currency="USD",
            designation="youth_education",
            donor_name="Jane Doe",
            donor_email="jane@example.org",
        ),
    ]
    transition(made[0].pk, "succeeded", source="test")
    transition(made[2].pk, "succeeded", source="test")
    return made


def _admin_urls(donation):
    return [
        reverse("nkhr_donations_admin:report"),
        reverse("nkhr_donations_admin:report") + "?export=csv",
        reverse("nkhr_donations_admin:report_results"),
        reverse("nkhr_donations_admin:detail", args=[donation.pk]),
        reverse("nkhr_donations_admin:annual_receipts"),
        reverse("nkhr_donations_admin:annual_receipts_csv") + "?year=2025",
    ]


def test_editors_see_nothing_of_donor_data(client, editor_user, donations):
    client.force_login(editor_user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    for url in _admin_urls(donations[0]):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"minji@example.org" not in response.content
    post = client.post(
        reverse("nkhr_donations_admin:mark_received", args=[donations[1].pk])
    )
    assert post.status_code == 403
    assert Donation.objects.get(pk=donations[1].pk).status == "pending"
    reports_menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("nkhr_donations_admin:report") not in reports_menu


def test_anonymous_visitors_are_sent_to_login(client, donations):
    response = client.get(reverse("nkhr_donations_admin:report"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_finance_sees_report_with_totals(client, finance_user, donations):
    client.force_login(finance_user)
    response = client.get(reverse("nkhr_donations_admin:report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "minji@example.org" in html
    assert "₩30,000" in html  # confirmed KRW total (the pending ₩50,000 is not)
    assert "$25.50" in html
    assert (
        reverse("nkhr_donations_admin:report")
        in client.get(reverse("wagtailadmin_home")).content.decode()
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("currency=USD", {"jane@example.org"}),
        ("status=pending", {"seoyeon@example.org"}),
        ("designation=refugee_rescue", {"minji@example.org"}),
        ("provider=bank_transfer", {"seoyeon@example.org"}),
        (
            "date_from=2000-01-01&status=succeeded",
            {"minji@example.org", "jane@example.org"},
        ),
        ("date_to=2000-01-01", set()),
    ],
)
def test_report_filters_and_csv_export(
    client, finance_user, donations, query, expected
):
    client.force_login(finance_user)
    response = client.get(
        reverse("nkhr_donations_admin:report") + f"?{query}&export=csv"
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    emails = {row["Donor email"] for row in rows}
    assert emails == expected
    for row in rows:
        assert row["Amount"] in {"30000", "50000", "25.50"}


def test_xlsx_export(client, finance_user, donations):
    client.force_login(finance_user)
    response = client.get(reverse("nkhr_donations_admin:report") + "?export=xlsx")
    assert response.status_code == 200
    assert (
        b"".join(response.streaming_content)[:2] == b"PK"
    )  # a zip container, as xlsx files are


def test_finance_marks_bank_pledge_received(
    client, finance_user, donations, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(finance_user)
    pledge = donations[1]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("nkhr_donations_admin:mark_received", args=[pledge.pk])
        )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == "succeeded"
    assert pledge.received_at is not None
    assert pledge.status_changes.last().source == "staff:finance"
    assert len(mailoutbox) == 1
    again = client.post(reverse("nkhr_donations_admin:mark_received", args=[pledge.pk]))
    assert again.status_code == 302
    assert pledge.status_changes.count() == 2


def test_card_donations_cannot_be_marked_received(client, finance_user, make_donation):
    card = make_donation(provider="stripe")
    client.force_login(finance_user)
    url = reverse("nkhr_donations_admin:mark_received", args=[card.pk])
    assert client.post(url).status_code == 302
    card.refresh_from_db()
    assert card.status == "pending"
    assert card.received_at is None


def test_national_id_is_masked_and_purgeable(client, finance_user, make_donation):
    donation = make_donation(
        national_id_ciphertext=crypto.encrypt("900101-1234567"), wants_receipt=True
    )
    client.force_login(finance_user)
    detail = client.get(reverse("nkhr_donations_admin:detail", args=[donation.pk]))
    html = detail.content.decode()
    assert "900101-1******" in html
    assert "1234567" not in html
    client.post(reverse("nkhr_donations_admin:purge_national_id", args=[donation.pk]))
    donation.refresh_from_db()
    assert donation.national_id_ciphertext == ""


def test_the_read_only_admin_pages_answer_other_methods_with_405(
    client, finance_user, make_donation
):
    """Pages that only show (reports, receipts, the ledger, CMS batches) take GET
    and HEAD; their forms post to actions of their own."""
    client.force_login(finance_user)
    donation = make_donation()
    donor = Donor.objects.create(name="Kim Min-ji", email="minji@example.org")
    urls = [
        reverse("nkhr_donations_admin:detail", args=[donation.pk]),
        reverse("nkhr_donations_admin:annual_receipts"),
        reverse("nkhr_donations_admin:annual_receipts_csv"),
        reverse("nkhr_donations_admin:annual_receipt_pdf"),
        reverse("nkhr_donations_admin:donors"),
        reverse("nkhr_donations_admin:donor", args=[donor.pk]),
        reverse("nkhr_donations_admin:ledger"),
        reverse("nkhr_donations_admin:ledger_entry", args=[1]),
        reverse("nkhr_donations_admin:ledger_entry_pdf", args=[1]),
        reverse("nkhr_donations_admin:access_log"),
        reverse("nkhr_donations_admin:cms"),
        reverse("nkhr_donations_admin:cms_batch", args=[1]),
        reverse("nkhr_donations_admin:cms_batch_file", args=[1]),
    ]
    assert client.get(urls[0]).status_code == 200
    for url in urls:
        for method in ("POST", "PUT", "DELETE"):
            response = client.generic(method, url, b"year=2026")
            assert response.status_code == 405, (method, url, response.status_code)
            assert response["Allow"] == "GET, HEAD", url
            assert "does not accept this kind of request" in response.content.decode()
