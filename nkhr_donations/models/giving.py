"""Staff-editable ways to give that are not card payments: bank accounts and
external options (PayPal, GlobalGiving). Bilingual fields, like the
organisation details, because they are reference data rather than pages."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


def _localized(obj, name: str) -> str:
    if (get_language() or "").startswith("ko"):
        value = getattr(obj, f"{name}_ko", "")
        if value:
            return value
    return getattr(obj, f"{name}_en")


class BankAccount(models.Model):
    """One of the organisation's bank accounts shown on the donation page."""

    bank_name_en = models.CharField(_("bank (English)"), max_length=100)
    bank_name_ko = models.CharField(_("bank (Korean)"), max_length=100, blank=True)
    branch_en = models.CharField(_("branch (English)"), max_length=100, blank=True)
    branch_ko = models.CharField(_("branch (Korean)"), max_length=100, blank=True)
    account_number = models.CharField(_("account number"), max_length=50)
    account_holder = models.CharField(
        _("account holder"),
        max_length=200,
        default="Citizens' Alliance for North Korean Human Rights (NKHR)",
    )
    account_holder_ko = models.CharField(
        _("account holder (Korean)"),
        max_length=200,
        blank=True,
        help_text=_("Shown on Korean pages; the English name is shown when empty."),
    )
    swift_bic = models.CharField(_("SWIFT/BIC"), max_length=11, blank=True)
    for_overseas_donors = models.BooleanField(
        _("for donors abroad"),
        default=False,
        help_text=_("Shown first to donors giving in US dollars."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("bank_name_en"),
                FieldPanel("bank_name_ko"),
                FieldPanel("branch_en"),
                FieldPanel("branch_ko"),
            ],
            heading=_("Bank"),
        ),
        FieldPanel("account_number"),
        FieldPanel("account_holder"),
        FieldPanel("account_holder_ko"),
        FieldPanel("swift_bic"),
        FieldPanel("for_overseas_donors"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")

    def __str__(self) -> str:
        return f"{self.bank_name_en} {self.account_number}"

    @property
    def bank_name(self) -> str:
        return _localized(self, "bank_name")

    @property
    def branch(self) -> str:
        return _localized(self, "branch")

    @property
    def holder(self) -> str:
        """The account holder's name in the visitor's language."""
        if (get_language() or "").startswith("ko") and self.account_holder_ko:
            return self.account_holder_ko
        return self.account_holder


class ExternalGivingOption(models.Model):
    """A way to give elsewhere (PayPal, a GlobalGiving project), with its link."""

    class Kind(models.TextChoices):
        PAYPAL = "paypal", "PayPal"
        GLOBALGIVING = "globalgiving", "GlobalGiving"
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ko = models.CharField(_("title (Korean)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    url = models.URLField(_("link"))
    is_active = models.BooleanField(_("shown on the donation page"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("kind"),
        FieldPanel("title_en"),
        FieldPanel("title_ko"),
        FieldPanel("description_en"),
        FieldPanel("description_ko"),
        FieldPanel("url"),
        FieldPanel("is_active"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("external giving option")
        verbose_name_plural = _("external giving options")

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        return _localized(self, "title")

    @property
    def description(self) -> str:
        return _localized(self, "description")
