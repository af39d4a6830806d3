"""Monthly PortOne gifts: the card's billing key checked with PortOne (Prism),
charged by the site once a month under one payment id per gift and month,
failed charges retried on the stated schedule with the donor told, and the
donor's emailed link to change the amount, pause, resume or stop."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from nkhr_donations import monthly
from nkhr_donations.models import ChargeStatus, Donation, MonthlyCharge
from nkhr_donations.receipts import cancel_token

from .conftest import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def monthly_gift(client, donation_page, prism):
    """A monthly gift of 10,000 won from the form, its card not yet registered.
    Its issue id is set to the one of PortOne's recorded billing key."""
    data = form_data(method="portone", frequency="monthly", preset_amount="KRW-10000")
    response = client.post(donation_page["ko"].url, data)
    assert response.status_code == 302
    donation = Donation.objects.get()
    Donation.objects.filter(pk=donation.pk).update(
        provider_reference="nkhr-bk-recorded"
    )
    donation.refresh_from_db()
    return donation


def done(client, donation, billing_key="billing-key-recorded"):
    url = reverse("nkhr_donations:portone_complete", args=[donation.public_id])
    return client.get(url, {"billingKey": billing_key})


def test_checkout_asks_for_a_billing_key(monthly_gift):
    from nkhr_donations.providers import portone

    request = portone.browser_request(monthly_gift, "http://testserver/done/")
    assert request["billingKeyMethod"] == "CARD"
    assert request["issueId"] == monthly_gift.provider_reference
    assert request["channelKey"] == "channel-key-billing"
    assert "totalAmount" not in request  # the server decides each month's charge


def test_registered_card_is_checked_kept_and_charged_for_this_month(
    client, monthly_gift, prism, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = done(client, monthly_gift)
    assert response.status_code == 302, response.content.decode()
    monthly_gift.refresh_from_db()
    assert monthly_gift.status == "succeeded"
    assert monthly_gift.portone_billing_key == "billing-key-recorded"
    charge = MonthlyCharge.objects.get()
    period = monthly.period_of(timezone.now())
    assert (charge.period, charge.status, charge.amount_minor) == (
        period,
        "succeeded",
        10000,
    )
    assert (
        charge.payment_id
        == f"nkhr-{monthly_gift.public_id.hex}-{period[:4]}{period[5:]}"
    )
    assert "GET /billing-keys/billing-key-recorded" in prism.requests
    assert f"POST /payments/{charge.payment_id}/billing-key" in prism.requests
    # The receipt's link lets the donor change, pause or stop the gift.
    assert len(mailoutbox) == 1
    assert "/donations/monthly/manage/" in mailoutbox[0].body


def test_billing_key_of_another_gift_is_refused(client, monthly_gift, prism):
    """PortOne's billing key was issued for another issue id than this gift's."""
    Donation.objects.filter(pk=monthly_gift.pk).update(provider_reference="nkhr-bk-x")
    response = done(client, monthly_gift)
    assert response.status_code == 400
    # The gift was made on the Korean page: the donor reads Korean.
    assert "후원 내용과 일치하지 않아" in response.content.decode()
    monthly_gift.refresh_from_db()
    assert (monthly_gift.status, monthly_gift.portone_billing_key) == ("pending", "")
    assert not MonthlyCharge.objects.exists()
    assert not any(r.startswith("POST") for r in prism.requests)


def test_charging_twice_in_a_month_charges_once(client, monthly_gift, prism):
    done(client, monthly_gift)
    monthly_gift.refresh_from_db()
    period = monthly.period_of(timezone.now())
    charges = len([r for r in prism.requests if r.startswith("POST")])
    again = monthly.charge_month(monthly_gift, period)
    assert again.status == ChargeStatus.SUCCEEDED
    assert MonthlyCharge.objects.count() == 1
    assert len([r for r in prism.requests if r.startswith("POST")]) == charges
    # Not due again this month; due next month, under a new payment id.
    assert monthly.due_charges() == []
    next_month = timezone.now() + timedelta(days=35)
    due = monthly.due_charges(next_month)
    assert due == [(monthly_gift.pk, monthly.period_of(next_month))] or (
        # Before the gift's charge day in that month: nothing yet.
        due == []
        and timezone.localtime(next_month).day < monthly.charge_day(monthly_gift)
    )


def test_failed_charge_is_retried_on_schedule_and_the_donor_told(
    client, monthly_gift, prism, mailoutbox, django_capture_on_commit_callbacks
):
    done(client, monthly_gift)
    monthly_gift.refresh_from_db()
    mailoutbox.clear()
    later = timezone.now() + timedelta(days=35)
    period = monthly.period_of(later)
    payment_id = monthly.charge_payment_id(monthly_gift, period)
    prism.charges[payment_id] = "code=400"  # PortOne refuses the charge
    with django_capture_on_commit_callbacks(execute=True):
        charge = monthly.charge_month(monthly_gift, period)
    assert (charge.status, charge.attempts) == ("failed", 1)
    assert charge.next_attempt_at - timezone.now() > timedelta(hours=23)
    assert len(mailoutbox) == 1
    assert monthly_gift.reference_code in mailoutbox[0].subject
    assert "/donations/monthly/manage/" in mailoutbox[0].body
    # The retry is due after a day, not before.
    assert (monthly_gift.pk, period) not in monthly.due_charges()
    assert (monthly_gift.pk, period) in monthly.due_charges(
        timezone.now() + timedelta(days=1, minutes=1)
    )
    for expected_days in monthly.RETRY_AFTER_DAYS[1:]:
        charge = monthly.charge_month(monthly_gift, period)
        assert (charge.next_attempt_at - timezone.now()).days == expected_days - 1
    charge = monthly.charge_month(monthly_gift, period)
    assert (charge.attempts, charge.next_attempt_at) == (4, None)  # given up
    # PortOne takes the charge again: the month is paid, still one row.
    del prism.charges[payment_id]
    assert monthly.charge_month(monthly_gift, period).status == "succeeded"
    assert MonthlyCharge.objects.filter(period=period).count() == 1


def test_daily_command_queues_and_charges_due_gifts(client, monthly_gift, prism):
    done(client, monthly_gift)
    monthly_gift.refresh_from_db()
    MonthlyCharge.objects.all().delete()  # as if this month were not charged yet
    call_command("charge_monthly_gifts")
    assert MonthlyCharge.objects.get().status == "succeeded"


def manage(client, donation, **data):
    url = reverse("nkhr_donations:manage_monthly", args=[cancel_token(donation)])
    return client.post(url, data) if data else client.get(url)


def test_donor_changes_pauses_resumes_and_stops_from_the_link(
    client, monthly_gift, prism
):
    done(client, monthly_gift)
    monthly_gift.refresh_from_db()
    assert "10,000" in manage(client, monthly_gift).content.decode()

    response = manage(client, monthly_gift, action="change", amount="50,000")
    assert response.status_code == 200
    monthly_gift.refresh_from_db()
    assert monthly_gift.amount_minor == 50000
    assert MonthlyCharge.objects.get().amount_minor == 10000  # charged already

    response = manage(client, monthly_gift, action="change", amount="1")
    assert response.status_code == 400
    monthly_gift.refresh_from_db()
    assert monthly_gift.amount_minor == 50000

    manage(client, monthly_gift, action="pause")
    monthly_gift.refresh_from_db()
    assert monthly_gift.paused_at is not None
    later = timezone.now() + timedelta(days=40)
    assert monthly.due_charges(later) == []
    manage(client, monthly_gift, action="resume")
    monthly_gift.refresh_from_db()
    assert monthly_gift.paused_at is None

    response = manage(client, monthly_gift, action="cancel")
    assert response.status_code == 200
    monthly_gift.refresh_from_db()
    assert monthly_gift.status == "cancelled"
    assert monthly_gift.portone_billing_key == ""  # deleted at PortOne too
    assert "DELETE /billing-keys/billing-key-recorded" in prism.requests
    assert monthly.due_charges(later) == []
    response = manage(client, monthly_gift, action="resume")
    assert response.status_code == 400


def test_forged_link_is_not_found(client):
    url = reverse("nkhr_donations:manage_monthly", args=["forged"])
    assert client.get(url, follow=True).status_code == 404


def test_finance_sees_each_months_charge(client, make_donation, finance_user):
    donation = make_donation(
        provider="portone", frequency="monthly", amount_minor=10000, status="succeeded"
    )
    MonthlyCharge.objects.create(
        donation=donation,
        period="2026-11",
        payment_id=monthly.charge_payment_id(donation, "2026-11"),
        amount_minor=10000,
        currency="KRW",
        status="failed",
        attempts=2,
        last_error="card declined",
    )
    client.force_login(finance_user)
    html = client.get(
        reverse("nkhr_donations_admin:detail", args=[donation.pk])
    ).content.decode()
    assert "2026-11" in html
    assert "card declined" in html
    assert monthly.charge_payment_id(donation, "2026-11") in html


def test_a_late_failure_never_overwrites_a_recorded_success(make_donation):
    donation = make_donation(
        provider="portone", frequency="monthly", amount_minor=10000, status="succeeded"
    )
    charge = MonthlyCharge.objects.create(
        donation=donation,
        period="2026-11",
        payment_id="nkhr-late",
        amount_minor=10000,
        currency="KRW",
    )
    stale = MonthlyCharge.objects.get(pk=charge.pk)
    monthly.record_success(charge)  # a concurrent run or a webhook
    monthly._record_failure(stale, "timeout")
    assert stale.status == "succeeded"
