"""CMS auto-debit (자동이체): a donor's standing pledge, the monthly batches
Finance sends to the CMS agency, and each debit request in a batch.

A pledge (``DebitMandate``) is not a gift. Each month's export records one
``Donation`` per active pledge (provider "cms", pending) with the
``DebitRequest`` that carries it to the agency; the agency's result file then
marks that gift succeeded or failed. So the Finance report, the annual and
statutory receipts and the Hometax data see CMS gifts like any other.

The account number and the holder's date of birth are stored encrypted
(``crypto.py``, like resident numbers) and decrypted only for the agency file.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..conf import default_language
from ..money import format_amount
from .donations import Designation


class MandateStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("debit mandate status", "Active")
    CANCELLED = "cancelled", _("Cancelled")


class DebitMandate(models.Model):
    """A donor's agreement to a monthly withdrawal, with the evidence of it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The member number (회원번호) the agency knows the pledge by.
    reference_code = models.CharField(_("member number"), max_length=20, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MandateStatus.choices,
        default=MandateStatus.ACTIVE,
        db_index=True,
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    amount_minor = models.PositiveBigIntegerField(_("monthly amount (won)"))
    designation = models.CharField(
        _("designation"), max_length=20, choices=Designation.choices
    )
    donor_name = models.CharField(_("donor name"), max_length=200)
    donor_email = models.EmailField(_("donor email"))
    wants_receipt = models.BooleanField(_("wants a tax receipt"), default=False)
    donor = models.ForeignKey(
        "nkhr_donations.Donor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="debit_mandates",
        verbose_name=_("donor identity"),
    )
    national_id_ciphertext = models.TextField(blank=True, editable=False)
    bank_code = models.CharField(_("bank"), max_length=3)
    account_ciphertext = models.TextField(editable=False)
    # Shown in the admin instead of the number.
    account_last_digits = models.CharField(max_length=4, editable=False)
    holder_name = models.CharField(_("account holder"), max_length=100)
    holder_birth_ciphertext = models.TextField(editable=False)
    # Evidence of consent: exactly what the donor agreed to, and when, from where.
    consent_text = models.TextField(_("agreement text shown"), editable=False)
    consent_version = models.CharField(_("agreement version"), max_length=20)
    consented_at = models.DateTimeField(_("agreed at"))
    consent_ip = models.GenericIPAddressField(_("agreed from (IP address)"))
    language = models.CharField(_("language"), max_length=10, default=default_language)
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("auto-debit pledge")
        verbose_name_plural = _("auto-debit pledges")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_minor__gt=0), name="mandate_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return self.reference_code

    @property
    def masked_account(self) -> str:
        return f"****{self.account_last_digits}"

    @property
    def amount_display(self) -> str:
        return format_amount(self.amount_minor, "KRW")


class DebitBatch(models.Model):
    """One month's debit requests sent to the agency, and its result file."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    agency = models.CharField(_("agency layout"), max_length=30)
    debit_date = models.DateField(_("withdrawal date"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.CharField(_("created by"), max_length=150)
    result_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    result_imported_at = models.DateTimeField(
        _("result imported"), null=True, blank=True
    )
    result_imported_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-month", "-id"]
        verbose_name = _("debit batch")
        verbose_name_plural = _("debit batches")
        constraints = [
            models.UniqueConstraint(fields=["month"], name="one_debit_batch_a_month")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} #{self.pk}"


class RequestResult(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")


class DebitRequest(models.Model):
    """One withdrawal asked of the agency: a pledge's gift of one month."""

    batch = models.ForeignKey(
        DebitBatch, on_delete=models.PROTECT, related_name="requests"
    )
    sequence = models.PositiveIntegerField(_("line"))
    mandate = models.ForeignKey(
        DebitMandate, on_delete=models.PROTECT, related_name="requests"
    )
    donation = models.OneToOneField(
        "nkhr_donations.Donation", on_delete=models.PROTECT, related_name="debit"
    )
    amount_minor = models.PositiveBigIntegerField(_("amount (won)"))
    result = models.CharField(
        _("result"),
        max_length=10,
        choices=RequestResult.choices,
        default=RequestResult.REQUESTED,
    )
    result_code = models.CharField(_("agency result code"), max_length=10, blank=True)

    class Meta:
        ordering = ["batch", "sequence"]
        verbose_name = _("debit request")
        verbose_name_plural = _("debit requests")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "sequence"], name="debit_request_line_once"
            ),
            models.UniqueConstraint(
                fields=["batch", "mandate"], name="debit_request_mandate_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch} {self.sequence}"


class SensitiveAccess(models.Model):
    """Who opened an output with full account or resident numbers, and when."""

    class Kind(models.TextChoices):
        DEBIT_FILE = "debit_file", _("CMS debit file")
        STATUTORY_RECEIPT = "statutory_receipt", _("Statutory receipt")
        HOMETAX = "hometax", _("Hometax data")
        RECEIPTS_CSV = "receipts_csv", _("Annual receipts CSV")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    username = models.CharField(_("who"), max_length=150)
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    detail = models.CharField(_("detail"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("access to personal numbers")
        verbose_name_plural = _("accesses to personal numbers")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.kind}"
