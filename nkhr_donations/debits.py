"""CMS auto-debit (자동이체): recording a pledge with the evidence of the
donor's consent, the month's debit file for the agency, and the agency's
result file. Views and commands call these; see ``models/debits.py``.

The result file is checked whole before anything changes: a file with an
unknown line, a wrong amount, a missing request or totals that do not add up
is refused with the list of problems, and nothing is applied. A file already
imported is recognised by its SHA-256 and changes nothing.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import crypto
from .audit import record_access
from .conf import setting
from .debit_agencies import BatchInfo, LayoutError, RequestLine, get_layout
from .debit_agencies.banks import BANK_NAMES
from .donors import new_identity
from .exceptions import DonationError, DonationNotRecorded, ProviderUnavailable
from .models import (
    DebitBatch,
    DebitMandate,
    DebitRequest,
    Donation,
    DonationStatusChange,
    Frequency,
    MandateStatus,
    RequestResult,
    SensitiveAccess,
    Status,
)
from .models.donations import Provider
from .money import Currency, format_amount
from .services import new_reference_code, transition

logger = logging.getLogger(__name__)

# Bump when the agreement's wording changes: each pledge keeps the version and
# the exact text its donor saw.
CONSENT_VERSION = "2026-12"
# The text is shown above the box the donor ticks and stored with the pledge,
# in the language shown.
CONSENT_TEXT = gettext_lazy(
    "I am the holder of the account given above, or have the holder's "
    "permission. I authorise the Citizens' Alliance for North Korean Human "
    "Rights (NKHR) to withdraw the monthly amount given above from this "
    "account every month through its CMS agency until I cancel, which I can "
    "do at any time by contacting NKHR or my bank. The bank, account number, "
    "holder's name and date of birth are given to the CMS agency and the bank "
    "only to make these withdrawals, and stored encrypted."
)


class ResultRejected(DonationError):
    """The agency's result file was refused; ``errors`` says why, line by line."""

    def __init__(self, errors: list[str]):
        self.errors = [str(e) for e in errors]
        super().__init__("; ".join(self.errors))


class BatchRefused(DonationError):
    """A batch cannot be made (the month has one, or no pledge is active)."""


def is_available() -> bool:
    """Pledges are taken only when enabled and account numbers can be encrypted."""
    return bool(setting("DONATIONS_CMS_ENABLED")) and crypto.is_configured()


def mask_account(account_number: str) -> str:
    return f"****{account_number[-4:]}"


def consent_text() -> str:
    """The agreement as shown to the donor, in the active language."""
    return str(CONSENT_TEXT)


def bank_name(code: str) -> str:
    return str(BANK_NAMES.get(code, code))


@dataclass(frozen=True)
class Pledge:
    """What the donor asked for, after the form has checked every value."""

    amount_minor: int
    designation: str
    donor_name: str
    donor_email: str
    bank_code: str
    account_number: str
    holder_name: str
    holder_birth: str
    consent_text: str
    wants_receipt: bool = False
    national_id: str = ""
    postal_address: str = ""
    language: str = "ko"


def record_pledge(pledge: Pledge, *, ip_address: str, page=None) -> DebitMandate:
    """Store the pledge with the evidence of consent, numbers encrypted."""
    if not is_available():
        raise ProviderUnavailable()
    with transaction.atomic():
        donor = None
        if pledge.wants_receipt:
            donor = new_identity(pledge.donor_name, pledge.donor_email)
            if pledge.postal_address:
                donor.postal_address = pledge.postal_address
                donor.save(update_fields=["postal_address"])
        for _attempt in range(5):
            mandate = DebitMandate(
                reference_code=new_reference_code(),
                amount_minor=pledge.amount_minor,
                designation=pledge.designation,
                donor_name=pledge.donor_name,
                donor_email=pledge.donor_email,
                wants_receipt=pledge.wants_receipt,
                donor=donor,
                national_id_ciphertext=crypto.encrypt(pledge.national_id)
                if pledge.national_id
                else "",
                bank_code=pledge.bank_code,
                account_ciphertext=crypto.encrypt(pledge.account_number),
                account_last_digits=pledge.account_number[-4:],
                holder_name=pledge.holder_name,
                holder_birth_ciphertext=crypto.encrypt(pledge.holder_birth),
                consent_text=pledge.consent_text,
                consent_version=CONSENT_VERSION,
                consented_at=timezone.now(),
                consent_ip=ip_address,
                language=pledge.language,
                page=page,
            )
            try:
                with transaction.atomic():
                    mandate.save()
            except IntegrityError:
                continue  # a member-number collision: draw again
            return mandate
    raise DonationNotRecorded()


def cancel_mandate(mandate: DebitMandate) -> bool:
    """No further withdrawals; gifts already requested keep their course."""
    return bool(
        DebitMandate.objects.filter(pk=mandate.pk, status=MandateStatus.ACTIVE).update(
            status=MandateStatus.CANCELLED, cancelled_at=timezone.now()
        )
    )


# --- The month's request file ----------------------------------------------


def create_batch(month: date, debit_date: date, *, user) -> DebitBatch:
    """Record the month's gift (pending) for every active pledge, in one batch."""
    month = month.replace(day=1)
    mandates = list(
        DebitMandate.objects.filter(status=MandateStatus.ACTIVE).order_by(
            "created_at", "id"
        )
    )
    if not mandates:
        raise BatchRefused(_("There is no active auto-debit pledge to request."))
    try:
        with transaction.atomic():
            batch = DebitBatch.objects.create(
                month=month,
                debit_date=debit_date,
                agency=get_layout().code,
                created_by=user.get_username(),
            )
            for sequence, mandate in enumerate(mandates, start=1):
                donation = _gift_for(mandate, batch)
                DebitRequest.objects.create(
                    batch=batch,
                    sequence=sequence,
                    mandate=mandate,
                    donation=donation,
                    amount_minor=mandate.amount_minor,
                )
    except IntegrityError as exc:
        raise BatchRefused(
            _("The debit requests of %(month)s were made already.")
            % {"month": f"{month:%Y-%m}"}
        ) from exc
    return batch


def _gift_for(mandate: DebitMandate, batch: DebitBatch) -> Donation:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                donation = Donation.objects.create(
                    reference_code=new_reference_code(),
                    amount_minor=mandate.amount_minor,
                    currency=Currency.KRW,
                    frequency=Frequency.MONTHLY,
                    designation=mandate.designation,
                    provider=Provider.CMS,
                    provider_reference=f"{mandate.reference_code}/{batch.month:%Y%m}",
                    donor_name=mandate.donor_name,
                    donor_email=mandate.donor_email,
                    wants_receipt=mandate.wants_receipt,
                    donor=mandate.donor,
                    national_id_ciphertext=mandate.national_id_ciphertext,
                    language=mandate.language,
                    page=mandate.page,
                )
        except IntegrityError:
            continue
        DonationStatusChange.objects.create(
            donation=donation,
            from_status="",
            to_status=Status.PENDING,
            source=f"cms:batch:{batch.pk}",
        )
        return donation
    raise BatchRefused(_("The debit requests could not be recorded. Try again."))


def _batch_info(batch: DebitBatch) -> BatchInfo:
    return BatchInfo(
        batch_id=batch.pk,
        institution_code=setting("DONATIONS_CMS_INSTITUTION_CODE"),
        month=batch.month,
        debit_date=batch.debit_date,
    )


def request_lines(batch: DebitBatch) -> list[RequestLine]:
    """The batch's requests with account numbers decrypted (for the file only)."""
    return [
        RequestLine(
            sequence=request.sequence,
            member_number=request.mandate.reference_code,
            bank_code=request.mandate.bank_code,
            account_number=crypto.decrypt(request.mandate.account_ciphertext),
            holder_name=request.mandate.holder_name,
            holder_birth=crypto.decrypt(request.mandate.holder_birth_ciphertext),
            amount=request.amount_minor,
        )
        for request in batch.requests.select_related("mandate").order_by("sequence")
    ]


def request_file(batch: DebitBatch, *, user) -> tuple[str, bytes]:
    """(file name, bytes) of the batch's request file; the access is recorded."""
    layout = get_layout(batch.agency)
    record_access(user, SensitiveAccess.Kind.DEBIT_FILE, f"batch {batch.pk}")
    data = layout.write_requests(_batch_info(batch), request_lines(batch))
    return f"cms-{batch.month:%Y%m}-{batch.pk}.{layout.file_extension}", data


# --- The agency's result file ----------------------------------------------


@dataclass(frozen=True)
class ImportOutcome:
    batch: DebitBatch
    paid: int
    failed: int
    already_imported: bool = False


def import_results(
    data: bytes, *, user, expected_batch: DebitBatch | None = None
) -> ImportOutcome:
    """Check the whole result file against its batch, then apply it at once.

    ``expected_batch``: the batch Finance uploaded the file for; a file that
    names another batch is refused.
    """
    sha = hashlib.sha256(data).hexdigest()
    try:
        parsed = get_layout().read_results(data)
    except LayoutError as exc:
        raise ResultRejected(exc.errors) from exc
    if expected_batch is not None and parsed.batch_id != expected_batch.pk:
        raise ResultRejected(
            [
                _("The file is the result of batch %(found)d, not of batch %(batch)d.")
                % {"found": parsed.batch_id, "batch": expected_batch.pk}
            ]
        )
    batch = DebitBatch.objects.filter(pk=parsed.batch_id).first()
    if batch is None:
        raise ResultRejected(
            [
                _("The file is for batch %(batch)d, which does not exist here.")
                % {"batch": parsed.batch_id}
            ]  # fmt: skip
        )
    if batch.result_sha256 == sha:
        return ImportOutcome(batch, 0, 0, already_imported=True)
    errors = _check(parsed, batch)
    if errors:
        raise ResultRejected(errors)
    by_sequence = {line.sequence: line for line in parsed.lines}
    source = f"cms:{batch.agency}:batch:{batch.pk}"
    paid = failed = 0
    with transaction.atomic():
        locked = DebitBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.result_sha256:
            if locked.result_sha256 == sha:
                return ImportOutcome(locked, 0, 0, already_imported=True)
            raise ResultRejected([_already_message(locked)])
        for request in locked.requests.select_for_update().order_by("sequence"):
            line = by_sequence[request.sequence]
            request.result = RequestResult.PAID if line.paid else RequestResult.FAILED
            request.result_code = line.code
            request.save(update_fields=["result", "result_code"])
            transition(
                request.donation_id,
                Status.SUCCEEDED if line.paid else Status.FAILED,
                source=source,
            )
            if line.paid:
                paid += 1
            else:
                failed += 1
        locked.result_sha256 = sha
        locked.result_imported_at = timezone.now()
        locked.result_imported_by = user.get_username()
        locked.save(
            update_fields=["result_sha256", "result_imported_at", "result_imported_by"]
        )
    return ImportOutcome(locked, paid, failed)


def _already_message(batch: DebitBatch) -> str:
    return _(
        "The results of batch %(batch)d were imported already from another file "
        "(%(when)s). Nothing was changed."
    ) % {"batch": batch.pk, "when": f"{batch.result_imported_at:%Y-%m-%d %H:%M}"}


def _check(parsed, batch: DebitBatch) -> list[str]:
    """Every problem of the file against the batch; empty if it may be applied."""
    errors: list[str] = []
    if batch.result_sha256:
        return [_already_message(batch)]
    institution = setting("DONATIONS_CMS_INSTITUTION_CODE")
    if parsed.institution_code != institution:
        errors.append(
            _("The institution code %(found)s is not ours (%(ours)s).")
            % {"found": parsed.institution_code or "-", "ours": institution or "-"}
        )
    if parsed.month != f"{batch.month:%Y%m}":
        errors.append(
            _("The file is for month %(found)s, the batch for %(month)s.")
            % {"found": parsed.month, "month": f"{batch.month:%Y%m}"}
        )
    requests = {r.sequence: r for r in batch.requests.select_related("mandate").all()}
    seen: set[int] = set()
    for line in parsed.lines:
        request = requests.get(line.sequence)
        if request is None or request.mandate.reference_code != line.member_number:
            errors.append(
                _("Line %(line)d (%(member)s) matches no request of this batch.")
                % {"line": line.line_number, "member": line.member_number or "-"}
            )
            continue
        if line.sequence in seen:
            errors.append(
                _("Line %(line)d repeats request %(sequence)d.")
                % {"line": line.line_number, "sequence": line.sequence}
            )
            continue
        seen.add(line.sequence)
        if line.amount != request.amount_minor:
            errors.append(
                _("Line %(line)d: amount %(found)s, but %(asked)s was requested.")
                % {
                    "line": line.line_number,
                    "found": format_amount(line.amount, Currency.KRW),
                    "asked": format_amount(request.amount_minor, Currency.KRW),
                }
            )
    missing = sorted(set(requests) - seen)
    if missing:
        errors.append(
            _("Requests %(lines)s of this batch are missing from the file.")
            % {"lines": ", ".join(str(n) for n in missing)}
        )
    count, total = len(parsed.lines), sum(line.amount for line in parsed.lines)
    paid = [line for line in parsed.lines if line.paid]
    if (parsed.trailer_count, parsed.trailer_total) != (count, total):
        errors.append(
            _(
                "The trailer says %(tcount)d lines and %(ttotal)s; the file has "
                "%(count)d lines and %(total)s."
            )  # fmt: skip
            % {
                "tcount": parsed.trailer_count,
                "ttotal": format_amount(parsed.trailer_total, Currency.KRW),
                "count": count,
                "total": format_amount(total, Currency.KRW),
            }
        )
    paid_total = sum(line.amount for line in paid)
    if (parsed.trailer_paid_count, parsed.trailer_paid_total) != (
        len(paid),
        paid_total,
    ):
        errors.append(
            _(
                "The trailer says %(tcount)d paid for %(ttotal)s; the lines say "
                "%(count)d for %(total)s."
            )  # fmt: skip
            % {
                "tcount": parsed.trailer_paid_count,
                "ttotal": format_amount(parsed.trailer_paid_total, Currency.KRW),
                "count": len(paid),
                "total": format_amount(paid_total, Currency.KRW),
            }
        )
    return errors
