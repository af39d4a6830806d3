"""CMS auto-debit for Finance: the month's debit file for the agency and the
import of the agency's result file (checked whole, applied at once or not at
all), masked numbers in the admin, recorded downloads, Finance only."""

from __future__ import annotations

from datetime import date

import pytest
from cryptography.fernet import Fernet
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from nkhr_donations import crypto, debits
from nkhr_donations.debit_agencies import get_layout, nkhr_fixed
from nkhr_donations.models import (
    DebitBatch,
    DebitMandate,
    DebitRequest,
    Donation,
    DonationStatusChange,
    SensitiveAccess,
)
from nkhr_donations.receipts import cancel_token

pytestmark = pytest.mark.django_db
INSTITUTION = "TEST000001"


@pytest.fixture(autouse=True)
def cms_enabled(settings):
    settings.DONATIONS_CMS_ENABLED = True
    settings.DONATIONS_CMS_INSTITUTION_CODE = INSTITUTION
    settings.WAGTAILADMIN_BASE_URL = "https://nkhr.example"
    return settings


def make_pledge(name="Kim Min-ji", amount=30000, account="12345678901234", **extra):
    pledge = debits.Pledge(
        amount_minor=amount,
        designation="general",
        donor_name=name,
        donor_email=f"{name.split()[0].lower()}@example.org",
        bank_code="004",
        account_number=account,
        holder_name=extra.pop("holder", "김민지"),
        holder_birth="850315",
        consent_text="agreed",
        language="ko",
        **extra,
    )
    return debits.record_pledge(pledge, ip_address="203.0.113.7")


@pytest.fixture
def pledges(db):
    made = [
        make_pledge(),
        make_pledge("Park Seo-yeon", 50000, "98765432109", holder="박서연"),
        make_pledge("Lee Ji-yoon", 10000, "11112222333344", holder="이지윤"),
    ]
    debits.cancel_mandate(made[2])
    return made


@pytest.fixture
def batch(pledges, finance_user):
    return debits.create_batch(date(2026, 11, 1), date(2026, 11, 25), user=finance_user)


def results_for(batch, outcome=None, **changes) -> bytes:
    """The agency's result file for ``batch``: every line paid unless
    ``outcome`` maps a sequence to (paid, code)."""
    lines = debits.request_lines(batch)
    info = debits._batch_info(batch)
    outcome = outcome or {}
    return nkhr_fixed.result_file(
        info, [(line, *outcome.get(line.sequence, (True, "0000"))) for line in lines]
    )


def test_finance_makes_the_month_requests(client, finance_user, pledges):
    client.force_login(finance_user)
    response = client.post(
        reverse("nkhr_donations_admin:cms_create_batch"),
        {"month": "2026-11", "debit_date": "2026-11-25"},
    )
    batch = DebitBatch.objects.get()
    assert response.status_code == 302
    requests = list(batch.requests.order_by("sequence"))
    # Active pledges only, each with a pending gift in won from the CMS.
    assert [r.mandate for r in requests] == pledges[:2]
    for request in requests:
        gift = request.donation
        assert gift.provider == "cms"
        assert gift.status == "pending"
        assert gift.currency == "KRW"
        assert gift.amount_minor == request.mandate.amount_minor
    again = client.post(
        reverse("nkhr_donations_admin:cms_create_batch"),
        {"month": "2026-11", "debit_date": "2026-11-26"},
    )
    assert again.status_code == 400
    assert "2026-11" in again.content.decode()
    assert DebitBatch.objects.count() == 1
    assert Donation.objects.count() == 2


def test_bad_batch_form_changes_nothing(client, finance_user, pledges):
    client.force_login(finance_user)
    response = client.post(
        reverse("nkhr_donations_admin:cms_create_batch"),
        {"month": "2026-13", "debit_date": "2026-11-25"},
    )
    assert response.status_code == 400
    assert "YYYY-MM" in response.content.decode()
    response = client.post(
        reverse("nkhr_donations_admin:cms_create_batch"),
        {"month": "2026-11", "debit_date": "2026-12-01"},
    )
    assert response.status_code == 400
    assert not DebitBatch.objects.exists()
    assert not Donation.objects.exists()


def test_debit_file_has_the_numbers_and_its_download_is_recorded(
    client, finance_user, batch
):
    client.force_login(finance_user)
    response = client.get(
        reverse("nkhr_donations_admin:cms_batch_file", args=[batch.pk])
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    records = response.content.split(b"\r\n")[:-1]
    assert [len(r) for r in records] == [nkhr_fixed.RECORD] * 4
    assert records[0].startswith(b"H" + INSTITUTION.encode())
    assert b"12345678901234" in records[1]
    assert "김민지".encode("cp949") in records[1]
    assert b"98765432109" in records[2]
    assert b"11112222333344" not in response.content  # the cancelled pledge
    # The trailer: 2 lines, 80,000 won.
    assert records[3][:22] == b"T000002" + b"80000".rjust(15, b"0")
    access = SensitiveAccess.objects.get()
    assert access.username == "finance"
    assert access.kind == "debit_file"


def test_admin_pages_mask_account_numbers(client, finance_user, batch):
    client.force_login(finance_user)
    for url in (
        reverse("nkhr_donations_admin:cms"),
        reverse("nkhr_donations_admin:cms_batch", args=[batch.pk]),
    ):
        html = client.get(url).content.decode()
        assert "****1234" in html
        assert "12345678901234" not in html
        assert "850315" not in html
    assert not SensitiveAccess.objects.exists()


def test_import_marks_each_gift_paid_or_failed_once(
    client, finance_user, batch, django_capture_on_commit_callbacks
):
    client.force_login(finance_user)
    data = results_for(batch, {2: (False, "E012")})
    url = reverse("nkhr_donations_admin:cms_import_results", args=[batch.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"result_file": SimpleUploadedFile("r.txt", data)})
    assert response.status_code == 302
    first, second = batch.requests.order_by("sequence")
    assert first.donation.status == "succeeded"
    assert first.result == "paid"
    assert second.donation.status == "failed"
    assert (second.result, second.result_code) == ("failed", "E012")
    assert "cms:nkhr-fixed-v1" in first.donation.status_changes.last().source
    assert len(mail.outbox) == 1  # the receipt of the paid gift
    history = DonationStatusChange.objects.count()
    # The same file again: recognised, nothing changes.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            url, {"result_file": SimpleUploadedFile("r.txt", data)}, follow=True
        )
    assert "imported already" in again.content.decode()
    assert DonationStatusChange.objects.count() == history
    assert len(mail.outbox) == 1


def _replace_line(data: bytes, number: int, start: int, new: bytes) -> bytes:
    lines = data.split(b"\r\n")
    line = lines[number]
    lines[number] = line[:start] + new + line[start + len(new) :]
    return b"\r\n".join(lines)


def _unknown_member(batch):
    return _replace_line(results_for(batch), 1, 7, b"NKHR-ZZZZ-ZZZZ      ")


def _wrong_amount(batch):
    return _replace_line(results_for(batch), 1, 76, b"0000000030001")


def _wrong_trailer(batch):
    return _replace_line(results_for(batch), 3, 7, b"000000000090000")


def _missing_line(batch):
    lines = results_for(batch).split(b"\r\n")
    del lines[2]
    return b"\r\n".join(lines)


def _unknown_sequence(batch):
    return _replace_line(results_for(batch), 2, 1, b"000009")


def _short_line(batch):
    return _replace_line(results_for(batch), 1, 0, b"D").replace(
        b"    \r\n", b"\r\n", 1
    )


def _other_institution(batch):
    return _replace_line(results_for(batch), 0, 1, b"OTHER00001")


def _no_result(batch):
    return _replace_line(results_for(batch), 1, 89, b" ")


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (_unknown_member, "matches no request"),
        (_wrong_amount, "was requested"),
        (_wrong_trailer, "The trailer says"),
        (_missing_line, "missing from the file"),
        (_unknown_sequence, "matches no request"),
        (_short_line, "bytes long"),
        (_other_institution, "institution code"),
        (_no_result, "no result"),
    ],
)
def test_bad_result_file_is_refused_whole(
    client, finance_user, batch, make_file, message
):
    client.force_login(finance_user)
    url = reverse("nkhr_donations_admin:cms_import_results", args=[batch.pk])
    response = client.post(
        url, {"result_file": SimpleUploadedFile("r.txt", make_file(batch))}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "nothing was changed" in html
    assert message in html
    assert set(Donation.objects.values_list("status", flat=True)) == {"pending"}
    assert set(DebitRequest.objects.values_list("result", flat=True)) == {"requested"}
    batch.refresh_from_db()
    assert batch.result_sha256 == ""
    assert mail.outbox == []


def test_a_file_of_another_batch_or_a_second_file_is_refused(finance_user, batch):
    other_month = DebitBatch.objects.create(
        month=date(2026, 12, 1),
        debit_date=date(2026, 12, 25),
        agency="nkhr-fixed-v1",
        created_by="finance",
    )
    with pytest.raises(debits.ResultRejected, match="not of batch"):
        debits.import_results(
            results_for(batch), user=finance_user, expected_batch=other_month
        )
    debits.import_results(results_for(batch, {1: (False, "E1")}), user=finance_user)
    with pytest.raises(debits.ResultRejected, match="imported already from another"):
        debits.import_results(results_for(batch), user=finance_user)
    assert batch.requests.get(sequence=1).donation.status == "failed"


def test_editors_cannot_reach_cms(client, editor_user, batch):
    client.force_login(editor_user)
    for url in (
        reverse("nkhr_donations_admin:cms"),
        reverse("nkhr_donations_admin:cms_batch", args=[batch.pk]),
        reverse("nkhr_donations_admin:cms_batch_file", args=[batch.pk]),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("nkhr_donations_admin:cms_import_results", args=[batch.pk]),
        {"result_file": SimpleUploadedFile("r.txt", results_for(batch))},
    )
    assert response.status_code == 403
    assert not SensitiveAccess.objects.exists()
    assert set(Donation.objects.values_list("status", flat=True)) == {"pending"}


def test_cancel_link_of_a_cms_gift_stops_the_pledge(client, batch):
    gift = batch.requests.get(sequence=1).donation
    response = client.post(
        reverse("nkhr_donations:cancel_monthly", args=[cancel_token(gift)]),
        {"confirm": "True"},
    )
    assert response.status_code == 200
    assert DebitMandate.objects.get(pk=gift.debit.mandate.pk).status == "cancelled"
    gift.refresh_from_db()
    assert gift.status == "pending"


def test_layout_is_chosen_by_setting(settings):
    assert get_layout().code == "nkhr-fixed-v1"
    settings.DONATIONS_DEBIT_AGENCY = "no-such-agency"
    with pytest.raises(KeyError, match="no-such-agency"):
        get_layout()


def test_finance_report_covers_cms_gifts(client, finance_user, batch):
    client.force_login(finance_user)
    gift = batch.requests.get(sequence=1).donation
    response = client.get(reverse("nkhr_donations_admin:report") + "?provider=cms")
    html = response.content.decode()
    assert gift.reference_code in html
    assert "CMS auto-debit" in html
    export = client.get(
        reverse("nkhr_donations_admin:report") + "?provider=cms&export=csv"
    )
    text = b"".join(export.streaming_content).decode()
    assert gift.reference_code in text


def test_key_rotation_covers_account_numbers(pledges, settings):
    old_key = settings.DONATIONS_ENCRYPTION_KEY
    new_key = Fernet.generate_key().decode()
    settings.DONATIONS_ENCRYPTION_KEY = f"{new_key},{old_key}"
    call_command("rotate_donations_key")
    settings.DONATIONS_ENCRYPTION_KEY = new_key
    mandate = DebitMandate.objects.get(pk=pledges[0].pk)
    assert crypto.decrypt(mandate.account_ciphertext) == "12345678901234"
    assert crypto.decrypt(mandate.holder_birth_ciphertext) == "850315"
