"""The issuance ledger of statutory donation receipts (기부금영수증 발급명세).

The Income Tax Act (소득세법 제160조의3) has an organisation that issues
donation receipts keep, per donor, the details of each receipt issued for five
years from its issue. Serial numbers are unique within a year and never used
twice: ``ReceiptSerial`` hands them out under a row lock, and a purged entry's
number is not handed out again because the counter never goes back.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

RETENTION_YEARS = 5


class ReceiptSerial(models.Model):
    """The last serial number issued in a year."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("receipt serial counter")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_serial}"


class ReceiptLedgerEntry(models.Model):
    """One statutory receipt issued: who, how much, when, by whom."""

    year = models.PositiveSmallIntegerField(_("tax year"))
    serial = models.PositiveIntegerField(_("serial number"))
    receipt_key = models.CharField(_("receipt"), max_length=20)
    donor_name = models.CharField(_("donor name"), max_length=200)
    donor_address = models.TextField(_("donor address"), blank=True)
    national_id_ciphertext = models.TextField(blank=True, editable=False)
    # What the receipt lists, as issued: [["YYYY-MM-DD", amount in won], ...].
    gift_lines = models.JSONField(default=list, editable=False)
    total_minor = models.PositiveBigIntegerField(_("total (won)"))
    gifts = models.PositiveIntegerField(_("gifts"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True, db_index=True)
    issued_by = models.CharField(_("issued by"), max_length=150)
    superseded_by = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
        verbose_name=_("replaced by"),
    )

    class Meta:
        ordering = ["-year", "serial"]
        verbose_name = _("receipt ledger entry")
        verbose_name_plural = _("receipt ledger")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "serial"], name="receipt_serial_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return self.serial_display

    @property
    def serial_display(self) -> str:
        return f"{self.year}-{self.serial:05d}"
