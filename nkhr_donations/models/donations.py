"""Donation records: integer minor units plus currency, status with history."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..conf import default_language
from ..money import Currency, format_amount, format_plain, to_decimal


class Status(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    REFUNDED = "refunded", _("Refunded")
    CANCELLED = "cancelled", _("Cancelled")


class Frequency(models.TextChoices):
    ONE_TIME = "one_time", _("One-time")
    MONTHLY = "monthly", _("Monthly")


class Designation(models.TextChoices):
    GENERAL = "general", _("General support")
    REFUGEE_RESCUE = "refugee_rescue", _("Refugee rescue")
    YOUTH_EDUCATION = "youth_education", _("Youth education")


class Provider(models.TextChoices):
    STRIPE = "stripe", _("Card (Stripe)")
    PORTONE = "portone", _("Card or easy pay (PortOne)")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    CMS = "cms", _("CMS auto-debit")


class PayMethod(models.TextChoices):
    """How a PortOne donor pays; monthly gifts are always by card (billing key)."""

    CARD = "CARD", _("Card")
    EASY_PAY = "EASY_PAY", _("Easy pay (KakaoPay, Naver Pay, Toss…)")


class Donation(models.Model):
    """One gift or pledge. Monthly gifts are one record for the whole subscription."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference_code = models.CharField(
        _("reference code"),
        max_length=20,
        unique=True,
        help_text=_("Put on bank transfers so that staff can reconcile them."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    amount_minor = models.PositiveBigIntegerField(
        _("amount (minor units)"),
        help_text=_("Whole won for KRW, cents for USD."),
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices
    )
    designation = models.CharField(
        _("designation"), max_length=20, choices=Designation.choices
    )
    provider = models.CharField(_("provider"), max_length=20, choices=Provider.choices)
    provider_reference = models.CharField(
        _("provider reference"), max_length=255, blank=True, db_index=True
    )
    stripe_subscription_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_payment_intent_id = models.CharField(
        max_length=255, blank=True, db_index=True
    )
    portone_pay_method = models.CharField(
        _("PortOne payment method"),
        max_length=10,
        choices=PayMethod.choices,
        blank=True,
    )
    # PortOne monthly gifts: the card's billing key (only the server sees it)
    # and the donor's pause; see monthly.py.
    portone_billing_key = models.CharField(max_length=255, blank=True, editable=False)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    received_at = models.DateTimeField(_("transfer received"), null=True, blank=True)
    receipt_sent_at = models.DateTimeField(_("receipt sent"), null=True, blank=True)
    donor_name = models.CharField(_("donor name"), max_length=200)
    donor_email = models.EmailField(_("donor email"), db_index=True)
    message = models.TextField(_("message"), blank=True)
    wants_receipt = models.BooleanField(_("wants a tax receipt"), default=False)
    donor = models.ForeignKey(
        "nkhr_donations.Donor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donations",
        verbose_name=_("donor identity"),
        help_text=_("Whose annual receipt this gift is on."),
    )
    national_id_ciphertext = models.TextField(blank=True, editable=False)
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
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        permissions = [("view_donor_details", _("Can see donors' personal data"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_minor__gt=0), name="donation_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference_code} {self.amount_display}"

    @property
    def amount_display(self) -> str:
        return format_amount(self.amount_minor, self.currency)

    @property
    def amount_plain(self) -> str:
        """The amount as a decimal string in major units, for spreadsheets."""
        return format_plain(self.amount_minor, self.currency)

    @property
    def amount_major(self) -> Decimal:
        """The amount in major units as a number (``25.50``), for spreadsheets."""
        return to_decimal(self.amount_minor, self.currency)

    @property
    def is_monthly(self) -> bool:
        return self.frequency == Frequency.MONTHLY

    @property
    def has_national_id(self) -> bool:
        return bool(self.national_id_ciphertext)


class DonationStatusChange(models.Model):
    """One step in a donation's history; ``source`` says who or what moved it."""

    donation = models.ForeignKey(
        Donation, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, choices=Status.choices)
    source = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status} ({self.source})"


class ProcessedWebhookEvent(models.Model):
    """A provider event we have handled; the unique key makes replays no-ops."""

    provider = models.CharField(max_length=20)
    event_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=100)
    outcome = models.CharField(max_length=50, blank=True)
    donation = models.ForeignKey(
        Donation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="webhook_events",
    )
    processed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("processed webhook event")
        verbose_name_plural = _("processed webhook events")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"], name="webhook_event_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.event_id}"


class ChargeStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class MonthlyCharge(models.Model):
    """One month's charge of a monthly card gift.

    PortOne: charged by the site through the gift's billing key (monthly.py).
    ``payment_id`` is the idempotency key: one per gift and month (Korea time),
    and PortOne refuses to charge an id that is paid already, so a retried or
    doubled task never charges twice.

    Stripe: an invoice of the gift's subscription after the first (which is
    the Checkout payment, recorded on the donation itself), learnt from its
    webhooks (stripe_monthly.py). ``payment_id`` is the invoice id. Stripe
    bills on its own calendar, so two invoices may fall in one month: only
    PortOne's charges are unique per gift and month.
    """

    donation = models.ForeignKey(
        Donation, on_delete=models.PROTECT, related_name="monthly_charges"
    )
    provider = models.CharField(
        _("provider"),
        max_length=20,
        choices=[
            (Provider.PORTONE.value, Provider.PORTONE.label),
            (Provider.STRIPE.value, Provider.STRIPE.label),
        ],
        default=Provider.PORTONE,
    )
    period = models.CharField(_("month"), max_length=7)  # "2026-12"
    payment_id = models.CharField(max_length=64, unique=True)
    amount_minor = models.PositiveBigIntegerField(_("amount (minor units)"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ChargeStatus.choices,
        default=ChargeStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=255, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period", "-id"]
        verbose_name = _("monthly charge")
        verbose_name_plural = _("monthly charges")
        constraints = [
            models.UniqueConstraint(
                fields=["donation", "period"],
                condition=models.Q(provider="portone"),
                name="monthly_charge_once_a_month",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_minor__gt=0),
                name="monthly_charge_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payment_id} {format_amount(self.amount_minor, self.currency)}"

    @property
    def amount_display(self) -> str:
        return format_amount(self.amount_minor, self.currency)
