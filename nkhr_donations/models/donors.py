"""Donor identities: whose name and national ID an annual receipt carries.

An email address typed into the form proves nothing: anyone can type anyone's
address, in any letter case. So gifts are never put together by matching what
was typed. Each gift that asks for a tax receipt gets a donor identity of its
own, holding the name and address exactly as typed; its receipt is its own.
Gifts come together on one receipt only under a *verified* identity:

- the donor confirms the address with the link the site emails to it, and
  this identity then joins the donor's earlier verified identity if the name
  and resident number are exactly the same (otherwise it stays on its own);
- or Finance merges one identity into another in the admin, giving a reason.

Each merge is kept as a ``DonorMerge`` record.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Verification(models.TextChoices):
    EMAIL = "email", _("Email confirmed by the donor")
    FINANCE = "finance", _("Merged by Finance")


class Donor(models.Model):
    """One donor identity: a name and an email address, verified or not."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    # The statutory receipt (별지 제45호의2) prints it; given with a CMS pledge.
    postal_address = models.TextField(_("postal address"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.CharField(
        _("verified by"), max_length=10, choices=Verification.choices, blank=True
    )
    # SHA-256 of the token in the confirmation link; the token itself is only
    # in the donor's email.
    confirmation_token_hash = models.CharField(
        max_length=64, blank=True, db_index=True, editable=False
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_identities",
        verbose_name=_("merged into"),
    )

    class Meta:
        ordering = ["name", "id"]
        # Confirming an address looks for the mailbox's verified identities by
        # ``lower(email)`` (donors.confirm_email): PostgreSQL needs an index on
        # that very expression to find them without reading the whole table.
        indexes = [models.Index(Lower("email"), name="nkhr_donor_email_lower")]
        verbose_name = _("donor identity")
        verbose_name_plural = _("donor identities")

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class DonorMerge(models.Model):
    """Audit record: the gifts of ``source`` now belong to ``target``."""

    source = models.ForeignKey(
        Donor, on_delete=models.PROTECT, related_name="merges_out"
    )
    target = models.ForeignKey(
        Donor, on_delete=models.PROTECT, related_name="merges_in"
    )
    method = models.CharField(_("how"), max_length=10, choices=Verification.choices)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept even if the staff account is deleted later.
    merged_by_username = models.CharField(max_length=150, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("merged"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("donor identity merge")
        verbose_name_plural = _("donor identity merges")

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id} ({self.method})"
