"""Donor identities: annual receipts belong to a verified identity (email link
or Finance's merge), never to whoever typed a matching email address."""

from __future__ import annotations

import hashlib
import importlib
import re
import time

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nkhr_donations import donors
from nkhr_donations.models import Donation, Donor, DonorMerge
from nkhr_donations.receipts import annual_receipts, annual_receipts_csv
from nkhr_donations.services import mark_transfer_received

from .conftest import form_data

pytestmark = pytest.mark.django_db

VICTIM = {
    "donor_name": "김민지",
    "donor_email": "minji@example.org",
    "national_id": "900101-2345678",
}
CONFIRM = {"confirm": "True"}  # the hidden field of the confirmation form
ATTACKER = {
    "donor_name": "Mallory",
    "donor_email": "MINJI@EXAMPLE.ORG",
    "national_id": "850505-1234567",
}


@pytest.fixture
def give(client, donation_page, finance_user, django_capture_on_commit_callbacks):
    """A bank-transfer gift through the form, received by Finance (which sends
    the receipt email)."""

    def make(amount: str = "30000", page: str = "en", **fields) -> Donation:
        before = set(Donation.objects.values_list("pk", flat=True))
        data = form_data(
            **{
                "preset_amount": "custom",
                "custom_amount": amount,
                "wants_receipt": "on",
                **fields,
            }
        )
        assert client.post(donation_page[page].url, data).status_code == 302
        donation = Donation.objects.exclude(pk__in=before).get()
        with django_capture_on_commit_callbacks(execute=True):
            assert mark_transfer_received(donation, user=finance_user)
        donation.refresh_from_db()
        return donation

    return make


def _this_year() -> int:
    return timezone.localdate().year


def _link(message) -> str:
    match = re.search(
        r"http://testserver(/donations/confirm-email/[^\s/]+/)", message.body
    )
    assert match, message.body
    return match[1]


def test_a_matching_address_does_not_file_the_victims_gifts_under_another_name(
    give,
):
    # The issue: a small pledge with the victim's address in other letter case
    # used to put the victim's gifts under the attacker's name and number.
    first = give("30000", **VICTIM)
    second = give("50000", **VICTIM)
    attack = give("1000", **ATTACKER)
    receipts = annual_receipts(_this_year())
    assert len(receipts) == 3
    by_gift = {r.key: r for r in receipts}
    for gift in (first, second):
        receipt = by_gift[f"G{gift.pk}"]
        assert (receipt.donor_name, receipt.national_id) == (
            "김민지",
            "900101-2345678",
        )
        assert receipt.count == 1
    mallory = by_gift[f"G{attack.pk}"]
    assert (mallory.donor_name, mallory.totals) == ("Mallory", {"KRW": 1000})
    assert "Mallory" not in {r.donor_name for r in receipts if r.key != f"G{attack.pk}"}


def test_the_emailed_link_verifies_and_puts_the_donors_gifts_together(
    client, give, mailoutbox
):
    first = give("30000", **VICTIM)
    second = give("50000", **{**VICTIM, "donor_email": "Minji@Example.org"})
    attack = give("1000", **ATTACKER)
    first_link, second_link, attack_link = (_link(m) for m in mailoutbox)

    # Opening the link (a mail scanner does) changes nothing; confirming does.
    page = client.get(first_link)
    assert page.status_code == 200
    assert "김민지" in page.content.decode()
    assert "900101" not in page.content.decode()  # never shown, not even masked
    assert not Donor.objects.get(pk=first.donor_id).is_verified
    assert client.post(first_link, CONFIRM).status_code == 200
    assert Donor.objects.get(pk=first.donor_id).verified_by == "email"
    client.post(second_link, CONFIRM)
    # The victim even confirms the attacker's gift by mistake.
    client.post(attack_link, CONFIRM)

    receipts = {r.key: r for r in annual_receipts(_this_year())}
    assert set(receipts) == {f"D{first.donor_id}", f"D{attack.donor_id}"}
    mine = receipts[f"D{first.donor_id}"]
    assert (mine.donor_name, mine.national_id) == ("김민지", "900101-2345678")
    assert (mine.totals, mine.count) == ({"KRW": 80000}, 2)
    assert receipts[f"D{attack.donor_id}"].donor_name == "Mallory"
    assert receipts[f"D{attack.donor_id}"].totals == {"KRW": 1000}
    second.refresh_from_db()
    assert second.donor_id == first.donor_id
    merge = DonorMerge.objects.get()
    assert (merge.source_id, merge.target_id, merge.method) == (
        Donor.objects.get(merged_into=first.donor_id).pk,
        first.donor_id,
        "email",
    )
    # The link keeps answering, saying it is done.
    again = client.get(second_link)
    assert "is confirmed" in again.content.decode()


def test_a_different_name_or_number_is_never_joined_by_the_link(
    client, give, mailoutbox
):
    first = give("30000", **VICTIM)
    other_name = give("30000", **{**VICTIM, "donor_name": "Kim Min-ji"})
    no_number = give("30000", **{**VICTIM, "national_id": ""})
    for message in mailoutbox:
        client.post(_link(message), CONFIRM)
    identities = {d.donor_id for d in (first, other_name, no_number)}
    assert len(identities) == 3
    assert len(annual_receipts(_this_year())) == 3
    assert not DonorMerge.objects.exists()


def test_the_link_is_only_for_gifts_that_ask_for_a_receipt(give, mailoutbox):
    give("30000", **VICTIM)
    give("30000", wants_receipt=None, national_id=None)
    with_receipt, without = mailoutbox
    assert "/donations/confirm-email/" in with_receipt.body
    assert "/donations/confirm-email/" in with_receipt.alternatives[0][0]
    assert "/donations/confirm-email/" not in without.body
    assert "/donations/confirm-email/" not in without.alternatives[0][0]


def test_korean_donor_gets_the_link_and_page_in_korean(client, give, mailoutbox):
    give("30000", page="ko", **VICTIM)
    (message,) = mailoutbox
    assert "이메일 주소" in message.body
    page = client.get(_link(message))
    assert "이메일 주소 확인" in page.content.decode()


@pytest.mark.parametrize("token", ["nope", "x" * 200, "a" * 43, "a" * 300])
def test_unknown_links_show_a_page_that_says_so_and_change_nothing(client, token):
    url = f"/donations/confirm-email/{token}/"
    for response in (client.get(url), client.post(url, CONFIRM)):
        assert response.status_code == 400
        body = response.content.decode()
        assert "This confirmation link is not valid" in body
        assert "mailto:nkhr@nkhr.or.kr" in body
    assert not Donor.objects.filter(verified_at__isnull=False).exists()


def test_an_unknown_link_speaks_the_visitors_language(client):
    response = client.get("/donations/confirm-email/nope/", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400
    assert "올바른 확인 링크가 아닙니다" in response.content.decode()


def _issued_days_ago(monkeypatch, days: float):
    """Links issued from now on carry a time ``days`` in the past."""
    monkeypatch.setattr(
        signing.TimestampSigner,
        "timestamp",
        lambda self: signing.b62_encode(int(time.time() - days * 24 * 3600)),
    )


def _snapshot():
    return (
        list(Donor.objects.values_list("pk", "verified_at", "merged_into_id")),
        DonorMerge.objects.count(),
        list(Donation.objects.values_list("pk", "donor_id")),
    )


def test_a_link_works_for_seven_days_by_default(client, give, mailoutbox, monkeypatch):
    _issued_days_ago(monkeypatch, 6.9)
    donation = give("30000", **VICTIM)
    link = _link(mailoutbox[0])
    assert client.get(link).status_code == 200
    assert client.post(link, CONFIRM).status_code == 200
    assert Donor.objects.get(pk=donation.donor_id).is_verified


def test_an_expired_link_confirms_nothing_and_says_what_to_do(
    client, give, mailoutbox, monkeypatch
):
    earlier = give("30000", **VICTIM)
    client.post(_link(mailoutbox[0]), CONFIRM)  # a verified identity to join
    _issued_days_ago(monkeypatch, 8)
    give("50000", **VICTIM)
    link = _link(mailoutbox[1])
    before = _snapshot()
    for response in (client.get(link), client.post(link, CONFIRM)):
        assert response.status_code == 410
        body = response.content.decode()
        assert "This confirmation link has expired" in body
        assert "7 days" in body
        assert "mailto:nkhr@nkhr.or.kr" in body
        assert "Yes, these gifts and details are mine" not in body
    assert _snapshot() == before
    assert Donor.objects.get(pk=earlier.donor_id).is_verified


def test_an_expired_link_speaks_the_donors_language(
    client, give, mailoutbox, monkeypatch
):
    _issued_days_ago(monkeypatch, 8)
    give("30000", page="ko", **VICTIM)
    response = client.get(_link(mailoutbox[0]))
    assert response.status_code == 410
    body = response.content.decode()
    assert "확인 링크의 유효 기간이 지났습니다" in body
    assert "7일 동안" in body


RESEND = {"resend": "1"}


def test_an_expired_link_sends_a_new_one_on_request(
    client, give, mailoutbox, monkeypatch
):
    with monkeypatch.context() as patched:
        _issued_days_ago(patched, 8)
        donation = give("30000", **VICTIM)
    old = _link(mailoutbox[0])
    assert "Email me a new link" in client.get(old).content.decode()
    response = client.post(old, RESEND)
    assert response.status_code == 200
    assert "A new link is on its way" in response.content.decode()
    assert "It works for 7 days" in response.content.decode()
    message = mailoutbox[-1]
    assert (len(mailoutbox), message.to) == (2, ["minji@example.org"])
    assert "The link works for 7 days" in message.body
    new = _link(message)
    # The new link replaces the old one, which cannot ask again.
    assert client.post(old, RESEND).status_code == 400
    assert len(mailoutbox) == 2
    assert not Donor.objects.get(pk=donation.donor_id).is_verified
    assert client.post(new, CONFIRM).status_code == 200
    assert Donor.objects.get(pk=donation.donor_id).is_verified


def test_the_new_link_is_sent_in_the_donors_language(
    client, give, mailoutbox, monkeypatch
):
    with monkeypatch.context() as patched:
        _issued_days_ago(patched, 8)
        give("30000", page="ko", **VICTIM)
    response = client.post(_link(mailoutbox[0]), RESEND)
    assert "새 링크를 보내드렸습니다" in response.content.decode()
    assert mailoutbox[-1].subject == "이메일 주소 확인"
    assert "링크는 7일 동안 사용할 수 있습니다" in mailoutbox[-1].body


def test_no_new_link_for_unknown_links_or_confirmed_identities(
    client, give, mailoutbox, monkeypatch
):
    assert client.post("/donations/confirm-email/nope/", RESEND).status_code == 400
    with monkeypatch.context() as patched:
        _issued_days_ago(patched, 8)
        donation = give("30000", **VICTIM)
    link = _link(mailoutbox[0])
    donors.confirm_email(donation.donor)  # confirmed since, another way
    page = client.get(link)
    assert page.status_code == 410
    assert "Email me a new link" not in page.content.decode()
    assert client.post(link, RESEND).status_code == 410
    assert len(mailoutbox) == 1


def test_a_new_link_that_cannot_be_sent_changes_nothing(
    client, give, mailoutbox, monkeypatch, settings
):
    with monkeypatch.context() as patched:
        _issued_days_ago(patched, 8)
        donation = give("30000", **VICTIM)
    link = _link(mailoutbox[0])
    before = Donor.objects.get(pk=donation.donor_id).confirmation_token_hash
    # A mail server that is not there (nothing listens on port 1).
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1
    response = client.post(link, RESEND)
    assert response.status_code == 503
    assert "try again in a few minutes" in response.content.decode()
    assert Donor.objects.get(pk=donation.donor_id).confirmation_token_hash == before


def test_the_lifetime_is_a_setting(client, give, mailoutbox, monkeypatch, settings):
    settings.DONATIONS_CONFIRM_MAX_AGE = 3600
    _issued_days_ago(monkeypatch, 2 / 24)
    donation = give("30000", **VICTIM)
    link = _link(mailoutbox[0])
    assert client.post(link, CONFIRM).status_code == 410
    assert not Donor.objects.get(pk=donation.donor_id).is_verified


def test_a_tampered_link_confirms_nothing(client, give, mailoutbox, monkeypatch):
    _issued_days_ago(monkeypatch, 8)
    donation = give("30000", **VICTIM)
    token = _link(mailoutbox[0]).rstrip("/").rsplit("/", 1)[1]
    value, _old, signature = token.split(":")
    # A fresh time with the old signature, a changed signature, no signature.
    fresh = signing.b62_encode(int(time.time()))
    for forged in (
        f"{value}:{fresh}:{signature}",
        f"{value}:{fresh}:{signature[:-1]}A",
        value,
    ):
        response = client.post(f"/donations/confirm-email/{forged}/", CONFIRM)
        assert response.status_code == 400, forged
        assert "not valid" in response.content.decode()
    assert not Donor.objects.get(pk=donation.donor_id).is_verified


def test_links_sent_before_they_carried_a_time_count_as_expired(client, give):
    donation = give("30000", **VICTIM)
    legacy = "a" * 43  # a token of the old form: random, no time, no signature
    Donor.objects.filter(pk=donation.donor_id).update(
        confirmation_token_hash=hashlib.sha256(legacy.encode()).hexdigest()
    )
    response = client.post(f"/donations/confirm-email/{legacy}/", CONFIRM)
    assert response.status_code == 410
    assert not Donor.objects.get(pk=donation.donor_id).is_verified


def test_only_the_hash_of_the_token_is_stored(give, mailoutbox):
    donation = give("30000", **VICTIM)
    token = _link(mailoutbox[0]).rstrip("/").rsplit("/", 1)[1]
    stored = Donor.objects.get(pk=donation.donor_id).confirmation_token_hash
    assert stored == hashlib.sha256(token.encode()).hexdigest()


# --- Finance's merge ---------------------------------------------------------


def _merge(client, source: Donor, target_pk, reason="Same person: asked by phone"):
    return client.post(
        reverse("nkhr_donations_admin:merge_donor", args=[source.pk]),
        {"target": target_pk, "reason": reason},
    )


def test_finance_merges_two_identities_with_an_audit_record(client, finance_user, give):
    korean = give("30000", **VICTIM)
    english = give("20000", **{**VICTIM, "donor_name": "Kim Min-ji"})
    client.force_login(finance_user)
    response = _merge(client, english.donor, korean.donor_id)
    assert response.status_code == 302
    merge = DonorMerge.objects.get()
    assert (merge.method, merge.merged_by_username, merge.reason) == (
        "finance",
        "finance",
        "Same person: asked by phone",
    )
    target = Donor.objects.get(pk=korean.donor_id)
    assert target.verified_by == "finance"
    (receipt,) = annual_receipts(_this_year())
    assert (receipt.donor_name, receipt.totals) == ("김민지", {"KRW": 50000})
    detail = client.get(reverse("nkhr_donations_admin:donor", args=[target.pk]))
    assert "Same person: asked by phone" in detail.content.decode()
    assert english.reference_code in detail.content.decode()


@pytest.mark.parametrize(
    ("change", "reason", "message"),
    [
        ({"national_id": ATTACKER["national_id"]}, "x", "different resident"),
        ({}, "   ", "This field is required"),
        ({}, "x", "There is no donor identity"),
        ({}, "x", "another donor identity"),
    ],
)
def test_finance_merge_refusals_change_nothing(
    client, finance_user, give, change, reason, message
):
    first = give("30000", **VICTIM)
    second = give("30000", **{**VICTIM, **change})
    client.force_login(finance_user)
    target = first.donor_id
    if message == "There is no donor identity":
        target = 999999
    elif message == "another donor identity":
        target = second.donor_id  # into itself
    response = _merge(client, second.donor, target, reason=reason)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DonorMerge.objects.exists()
    assert not Donor.objects.filter(verified_at__isnull=False).exists()
    assert len(annual_receipts(_this_year())) == 2


def test_editors_cannot_see_or_merge_identities(client, editor_user, give):
    first, second = give("30000", **VICTIM), give("30000", **VICTIM)
    client.force_login(editor_user)
    assert client.get(reverse("nkhr_donations_admin:donors")).status_code == 403
    detail = reverse("nkhr_donations_admin:donor", args=[first.donor_id])
    assert client.get(detail).status_code == 403
    assert _merge(client, second.donor, first.donor_id).status_code == 403
    assert not DonorMerge.objects.exists()


def test_finance_lists_identities(client, finance_user, give):
    donation = give("30000", **VICTIM)
    client.force_login(finance_user)
    url = reverse("nkhr_donations_admin:donors")
    assert "김민지" not in client.get(url).content.decode()  # verified only
    listing = client.get(url + "?show=unverified&q=minji").content.decode()
    assert "김민지" in listing
    assert reverse("nkhr_donations_admin:donor", args=[donation.donor_id]) in listing
    record = client.get(reverse("nkhr_donations_admin:detail", args=[donation.pk]))
    assert "not verified" in record.content.decode()


def test_receipts_csv_says_which_receipts_are_verified(client, give, mailoutbox):
    first = give("30000", **VICTIM)
    give("1000", **ATTACKER)
    client.post(_link(mailoutbox[0]), CONFIRM)
    text = annual_receipts_csv(_this_year())
    assert f'"D{first.donor_id}","yes","김민지"' in text
    assert '"no","Mallory"' in text


def test_migration_gives_each_earlier_receipt_gift_its_own_identity(make_donation):
    wanted = [
        make_donation(wants_receipt=True, donor_email=email)
        for email in ("a@example.org", "A@example.org")
    ]
    unwanted = make_donation(wants_receipt=False)
    module = importlib.import_module(
        "nkhr_donations.migrations.0004_one_identity_per_existing_receipt_gift"
    )
    module.create_identities(apps, None)
    identities = [Donation.objects.get(pk=d.pk).donor for d in wanted]
    assert identities[0] != identities[1]
    assert [d.email for d in identities] == ["a@example.org", "A@example.org"]
    assert not any(d.is_verified for d in identities)
    assert Donation.objects.get(pk=unwanted.pk).donor is None


def test_unreadable_numbers_are_never_taken_as_equal(give, settings):
    first, second = give("30000", **VICTIM), give("30000", **VICTIM)
    donors.confirm_email(first.donor)
    settings.DONATIONS_ENCRYPTION_KEY = Fernet.generate_key().decode()  # key lost
    donors.confirm_email(Donor.objects.get(pk=second.donor_id))
    assert not DonorMerge.objects.exists()
    assert Donor.objects.get(pk=second.donor_id).is_verified  # on its own


@pytest.mark.postgres
def test_the_mailbox_lookup_uses_the_email_index(give):
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL query plan; this runs in the PostgreSQL pass")
    first = give("30000", **VICTIM)
    donors.confirm_email(first.donor)
    second = give("50000", **{**VICTIM, "donor_email": "Minji@Example.org"})
    with CaptureQueriesContext(connection) as queries:
        assert donors.confirm_email(second.donor).pk == first.donor_id
    [lookup] = [
        query["sql"]
        for query in queries.captured_queries
        if 'FROM "nkhr_donations_donor"' in query["sql"]
        and '"email"' in query["sql"].split("WHERE", 1)[-1]
    ]
    with connection.cursor() as cursor:
        # Without seq scans allowed, a lookup the index cannot serve still
        # plans a (very costly) Seq Scan: the index name shows it can.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {lookup}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "nkhr_donor_email_lower" in plan, plan
