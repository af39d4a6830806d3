"""Monthly gifts on the year's receipts: every month actually paid is one
line, on each rail (PortOne billing key, Stripe subscription, CMS debit), in
the annual receipt, the statutory receipt, the Hometax data and the Finance
report."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from nkhr_donations import crypto, debits, statutory
from nkhr_donations.admin_views import donation_totals
from nkhr_donations.debit_agencies import nkhr_fixed
from nkhr_donations.models import Donation, Donor, MonthlyCharge
from nkhr_donations.receipts import annual_receipts
from nkhr_donations.services import transition

pytestmark = pytest.mark.django_db
NATIONAL_ID = "900101-1234568"
YEAR = timezone.localdate().year
TZ = timezone.get_default_timezone()


@pytest.fixture(autouse=True)
def issuer_settings(settings):
    settings.DONATIONS_CMS_ENABLED = True
    settings.DONATIONS_CMS_INSTITUTION_CODE = "TEST000001"
    settings.DONATIONS_RECEIPT_ISSUER = {
        "registration_number": "000-00-00000",
        "gift_code": "40",
    }


@pytest.fixture
def donor(db):
    return Donor.objects.create(
        name="Kim Min-ji",
        email="minji@example.org",
        verified_at=timezone.now(),
        verified_by="finance",
    )


def _moment(year: int, month: int, day: int = 15) -> datetime:
    return datetime(year, month, day, 10, tzinfo=TZ)


def _cms_month(month: date, paid: bool, user) -> Donation:
    batch = debits.create_batch(month, month.replace(day=20), user=user)
    lines = debits.request_lines(batch)
    debits.import_results(
        nkhr_fixed.result_file(
            debits._batch_info(batch), [(line, paid, "0000") for line in lines]
        ),
        user=user,
    )
    # Imported today: the receipt dates each gift by its withdrawal day, so
    # last December's withdrawal stays on last year's receipt.
    return batch.requests.get().donation


@pytest.fixture
def monthly_gifts(make_donation, donor, finance_user):
    """One donor's monthly gifts on three rails, with months paid this year,
    a failed month and a month paid last year."""
    common = {
        "wants_receipt": True,
        "donor": donor,
        "national_id_ciphertext": crypto.encrypt(NATIONAL_ID),
        "frequency": "monthly",
    }
    # PortOne: 10,000원 a month through a billing key, one Donation row.
    portone = make_donation(
        provider="portone", amount_minor=10000, portone_billing_key="bk", **common
    )
    transition(portone.pk, "succeeded", source="test")
    Donation.objects.filter(pk=portone.pk).update(confirmed_at=_moment(YEAR - 1, 12))
    for period, status, paid_at in [
        (f"{YEAR - 1}-12", "succeeded", _moment(YEAR - 1, 12)),
        (f"{YEAR}-01", "succeeded", _moment(YEAR, 1)),
        (f"{YEAR}-02", "succeeded", _moment(YEAR, 2)),
        (f"{YEAR}-03", "failed", None),
        (f"{YEAR}-04", "succeeded", _moment(YEAR, 4)),
    ]:
        MonthlyCharge.objects.create(
            donation=portone,
            period=period,
            payment_id=f"nkhr-{portone.public_id.hex}-{period.replace('-', '')}",
            amount_minor=10000,
            currency="KRW",
            status=status,
            paid_at=paid_at,
        )
    # The donor stopped it in May: the months paid stay given.
    transition(portone.pk, "cancelled", source="test")
    # Stripe: a subscription whose first payment was recorded, stopped later.
    stripe = make_donation(amount_minor=15000, **common)
    transition(stripe.pk, "succeeded", source="test")
    Donation.objects.filter(pk=stripe.pk).update(confirmed_at=_moment(YEAR, 3))
    transition(stripe.pk, "cancelled", source="test")
    # CMS: 20,000원 a month, one gift per month the agency reports.
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
    _cms_month(date(YEAR - 1, 12, 1), True, finance_user)
    _cms_month(date(YEAR, 1, 1), True, finance_user)
    _cms_month(date(YEAR, 2, 1), False, finance_user)
    _cms_month(date(YEAR, 3, 1), True, finance_user)
    return portone


def test_annual_receipt_lists_each_month_paid(monthly_gifts, donor):
    (receipt,) = annual_receipts(YEAR)
    assert receipt.key == f"D{donor.pk}"
    # PortOne 3 × 10,000 + Stripe's recorded 15,000 + CMS 2 × 20,000.
    assert receipt.totals == {"KRW": 85000}
    assert receipt.count == 6
    assert receipt.gifts == [
        (date(YEAR, 1, 15), 10000, "KRW"),
        (date(YEAR, 1, 20), 20000, "KRW"),
        (date(YEAR, 2, 15), 10000, "KRW"),
        (date(YEAR, 3, 15), 15000, "KRW"),
        (date(YEAR, 3, 20), 20000, "KRW"),
        (date(YEAR, 4, 15), 10000, "KRW"),
    ]
    (last_year,) = annual_receipts(YEAR - 1)
    assert last_year.gifts == [
        (date(YEAR - 1, 12, 15), 10000, "KRW"),
        (date(YEAR - 1, 12, 20), 20000, "KRW"),
    ]
    # The gift's own receipt key picks the same months.
    assert annual_receipts(YEAR, key=f"D{donor.pk}")[0].totals == {"KRW": 85000}


def test_refunded_monthly_gift_is_not_certified(monthly_gifts, donor):
    Donation.objects.filter(pk=monthly_gifts.pk).update(status="refunded")
    (receipt,) = annual_receipts(YEAR)
    assert receipt.totals == {"KRW": 55000}


def test_statutory_receipt_has_one_line_per_month(monthly_gifts, donor, finance_user):
    entry = statutory.issue(YEAR, f"D{donor.pk}", user=finance_user)
    assert entry.total_minor == 85000
    assert entry.gifts == 6
    assert [day for day, _amount in entry.gift_lines] == [
        f"{YEAR}-01-15",
        f"{YEAR}-01-20",
        f"{YEAR}-02-15",
        f"{YEAR}-03-15",
        f"{YEAR}-03-20",
        f"{YEAR}-04-15",
    ]


def test_hometax_file_has_one_row_per_month(client, finance_user, monthly_gifts):
    client.force_login(finance_user)
    response = client.post(reverse("nkhr_donations_admin:hometax"), {"year": YEAR})
    rows = list(csv.reader(io.StringIO(response.content.decode())))[1:]
    assert [(row[6], row[7]) for row in rows] == [
        (f"{YEAR}0115", "10000"),
        (f"{YEAR}0120", "20000"),
        (f"{YEAR}0215", "10000"),
        (f"{YEAR}0315", "15000"),
        (f"{YEAR}0320", "20000"),
        (f"{YEAR}0415", "10000"),
    ]


def test_finance_report_totals_what_was_paid(client, finance_user, monthly_gifts):
    # Every month paid, both years: PortOne 4 × 10,000, Stripe 15,000, CMS 3 × 20,000.
    (krw,) = donation_totals(Donation.objects.all())
    assert krw["confirmed"] == 115000
    client.force_login(finance_user)
    html = client.get(reverse("nkhr_donations_admin:report")).content.decode()
    assert "₩115,000" in html


def _reported(client, query: str) -> set[str]:
    url = reverse("nkhr_donations_admin:report") + f"?{query}&export=csv"
    body = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    return {row["Reference"] for row in csv.DictReader(io.StringIO(body))}


def test_finance_report_dates_each_payment_on_its_own_day(
    client, finance_user, monthly_gifts, make_donation
):
    """Filtered by a month, the report lists the gifts paid that month, on
    every rail and whenever the gift was started, and totals only what was
    paid that month; gifts never paid are listed by the day they were made."""
    # Every gift above was started last year.
    Donation.objects.update(created_at=_moment(YEAR - 1, 11))
    stripe = Donation.objects.get(provider="stripe")
    MonthlyCharge.objects.create(
        donation=stripe,
        provider="stripe",
        period=f"{YEAR}-03",
        payment_id="in_march",
        amount_minor=15000,
        currency="KRW",
        status="succeeded",
        paid_at=_moment(YEAR, 3, 25),
    )
    transfer = make_donation(provider="bank_transfer", amount_minor=7000)
    transition(transfer.pk, "succeeded", source="test")
    pledged_in_march = make_donation(provider="bank_transfer", amount_minor=9000)
    pledged_before = make_donation(provider="bank_transfer", amount_minor=9000)
    paid_in_april = make_donation(amount_minor=3000)
    transition(paid_in_april.pk, "succeeded", source="test")
    for donation, made, confirmed in [
        (transfer, _moment(YEAR, 2, 27), _moment(YEAR, 3, 3)),
        (pledged_in_march, _moment(YEAR, 3, 10), None),
        (pledged_before, _moment(YEAR, 2, 10), None),
        (paid_in_april, _moment(YEAR, 3, 31), _moment(YEAR, 4, 2)),
    ]:
        Donation.objects.filter(pk=donation.pk).update(
            created_at=made, confirmed_at=confirmed
        )
    cms_march = Donation.objects.get(provider="cms", debit__batch__month__month=3)
    march = f"date_from={YEAR}-03-01&date_to={YEAR}-03-31"

    client.force_login(finance_user)
    assert _reported(client, march) == {
        stripe.reference_code,  # its first payment, and a month by invoice
        cms_march.reference_code,  # withdrawn on 20 March
        transfer.reference_code,  # pledged in February, received in March
        pledged_in_march.reference_code,  # never paid: by the day it was made
    }
    # Stripe 15,000 + 15,000, CMS 20,000, the transfer 7,000.
    (krw,) = donation_totals(Donation.objects.all(), date(YEAR, 3, 1), date(YEAR, 4, 1))
    assert krw["confirmed"] == 57000
    html = client.get(reverse("nkhr_donations_admin:report") + f"?{march}")
    assert "₩57,000" in html.content.decode()
    # April: PortOne's month of a gift started last year, and a gift made in
    # March but paid in April.
    april = f"date_from={YEAR}-04-01&date_to={YEAR}-04-30"
    assert _reported(client, april) == {
        monthly_gifts.reference_code,
        paid_in_april.reference_code,
    }
    html = client.get(reverse("nkhr_donations_admin:report") + f"?{april}")
    assert "₩13,000" in html.content.decode()
    # A range from a day: each payment on or after it.
    (krw,) = donation_totals(Donation.objects.all(), date(YEAR, 4, 1), None)
    assert krw["confirmed"] == 13000
