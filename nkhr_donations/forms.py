"""The donation form. The server decides the amount: a suggested amount must be
one the page offers in that currency, a custom amount must parse and lie within
the page's range. Anything else is refused, never adjusted."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import crypto
from .debit_agencies.banks import BANKS
from .exceptions import AmountError, ProviderUnavailable
from .models import Designation, Frequency, PayMethod
from .models.donations import Provider
from .money import Currency, format_amount, parse_amount
from .national_id import clean_national_id as validate_national_id
from .providers import get_provider
from .services import DonationIntent

CUSTOM = "custom"


class DonationForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How would you like to give?"),
        choices=Provider.choices,
        widget=forms.RadioSelect,
        initial=Provider.STRIPE,
        error_messages={"invalid_choice": ProviderUnavailable.default_message},
    )
    portone_pay_method = forms.ChoiceField(
        label=_("Pay by"),
        choices=PayMethod.choices,
        widget=forms.RadioSelect,
        initial=PayMethod.CARD,
        required=False,
    )
    frequency = forms.ChoiceField(
        label=_("How often?"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        initial=Frequency.ONE_TIME,
    )
    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=Currency.choices,
        widget=forms.RadioSelect,
    )
    preset_amount = forms.CharField(
        label=_("Amount"), required=False, widget=forms.HiddenInput
    )
    custom_amount = forms.CharField(
        label=_("Other amount"),
        required=False,
        max_length=30,
        widget=forms.TextInput(
            attrs={
                "inputmode": "decimal",
                "autocomplete": "off",
                # Named by the "Other amount" choice beside it: one label, once.
                "aria-labelledby": "custom-amount-label",
            }
        ),
    )
    designation = forms.ChoiceField(
        label=_("What should your gift support?"),
        choices=Designation.choices,
        initial=Designation.GENERAL,
    )
    donor_name = forms.CharField(label=_("Your name"), max_length=200)
    donor_email = forms.EmailField(label=_("Your email"))
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    wants_receipt = forms.BooleanField(
        label=_("I would like a receipt for Korean year-end tax settlement"),
        required=False,
    )
    national_id = forms.CharField(
        label=_("Resident registration number (for the tax receipt, optional)"),
        required=False,
        max_length=14,
        help_text=_("Stored encrypted and only seen by our finance staff."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    privacy_consent = forms.BooleanField(
        label=_(
            "I agree that NKHR stores these details to process my donation, "
            "as described in the privacy policy."
        ),
        error_messages={"required": _("Please agree to the privacy policy.")},
    )

    def __init__(self, *args, page, **kwargs):
        self.page = page
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["currency"].initial = (
                Currency.KRW
                if (get_language() or "").startswith("ko")
                else Currency.USD
            )
        methods = [
            (code, label) for code, label in Provider.choices if self._offers(code)
        ]
        self.fields["method"].choices = methods
        if methods and self.fields["method"].initial not in dict(methods):
            self.fields["method"].initial = methods[0][0]

    def _offers(self, code: str) -> bool:
        """A way of giving that the page accepts and the site can take now: a
        card is not offered while no Stripe key is configured."""
        accepted = {
            Provider.STRIPE: self.page.accept_cards,
            Provider.PORTONE: self.page.accept_cards,
            Provider.BANK_TRANSFER: self.page.accept_bank_transfers,
        }.get(code, False)
        provider = get_provider(code)
        return accepted and provider is not None and provider.is_available()

    def currencies_for(self, code: str) -> list[str]:
        """The currencies a way of giving takes here: PortOne is for won;
        Stripe keeps dollars, and takes won only while PortOne is off."""
        if code == Provider.PORTONE:
            return [Currency.KRW]
        if code == Provider.STRIPE and Provider.PORTONE in dict(
            self.fields["method"].choices
        ):
            return [Currency.USD]
        return list(Currency.values)

    @property
    def offers_portone(self) -> bool:
        return Provider.PORTONE in dict(self.fields["method"].choices)

    def method_options(self) -> list[tuple[object, str]]:
        """(radio button, the currencies it takes) per offered way of giving,
        so that the page offers for each currency only the ways that take it."""
        return [
            (radio, " ".join(self.currencies_for(radio.data["value"])))
            for radio in self["method"]
        ]

    def preset_choices(self) -> dict[str, list[tuple[str, str]]]:
        """Per currency: (value, label) for the suggested-amount buttons."""
        return {
            currency: [
                (f"{currency}-{minor}", format_amount(minor, currency))
                for minor in self.page.suggested_amounts(currency)
            ]
            for currency in Currency.values
        }

    def clean_national_id(self) -> str:
        value = self.cleaned_data["national_id"].strip().replace(" ", "")
        if not value:
            return ""
        value = validate_national_id(value)
        if not crypto.is_configured():
            raise forms.ValidationError(
                _(
                    "We cannot store this number right now. Leave the field empty "
                    "and contact us for your receipt."
                )
            )
        return value

    def clean(self):
        cleaned = super().clean()
        currency = cleaned.get("currency")
        if not currency:
            return cleaned
        preset = (cleaned.get("preset_amount") or "").strip()
        custom = (cleaned.get("custom_amount") or "").strip()
        if preset and preset != CUSTOM:
            cleaned["amount_minor"] = self._preset_amount(preset, currency)
        elif custom:
            cleaned["amount_minor"] = self._custom_amount(custom, currency)
        else:
            self.add_error("custom_amount", _("Please choose or enter an amount."))
        method = cleaned.get("method")
        if method and currency not in self.currencies_for(method):
            self.add_error(
                "method",
                _(
                    "This way of giving does not take %(currency)s. Please choose "
                    "another way or currency."
                )
                % {"currency": currency},
            )
        if cleaned.get("national_id") and not cleaned.get("wants_receipt"):
            cleaned["national_id"] = ""  # only kept when a receipt is wanted
        return cleaned

    def _preset_amount(self, preset: str, currency: str) -> int | None:
        prefix, _sep, digits = preset.partition("-")
        offered = self.page.suggested_amounts(currency)
        if (
            prefix != currency
            or not (digits.isascii() and digits.isdigit())
            or int(digits) not in offered
        ):
            # Not one of the buttons we rendered: a tampered or stale form.
            self.add_error(
                None,
                _(
                    "The amount you chose is not one this page offers in that "
                    "currency. Please choose again."
                ),
            )
            return None
        return int(digits)

    def _custom_amount(self, text: str, currency: str) -> int | None:
        try:
            minor = parse_amount(text, currency)
        except AmountError as exc:
            self.add_error("custom_amount", exc.message)
            return None
        low, high = self.page.amount_range(currency)
        if not low <= minor <= high:
            self.add_error(
                "custom_amount",
                _("Please give between %(low)s and %(high)s.")
                % {
                    "low": format_amount(low, currency),
                    "high": format_amount(high, currency),
                },
            )
            return None
        return minor

    def intent(self, language: str) -> DonationIntent:
        data = self.cleaned_data
        return DonationIntent(
            method=data["method"],
            pay_method=data.get("portone_pay_method") or "",
            amount_minor=data["amount_minor"],
            currency=data["currency"],
            frequency=data["frequency"],
            designation=data["designation"],
            donor_name=data["donor_name"].strip(),
            donor_email=data["donor_email"],
            message=data.get("message", "").strip(),
            wants_receipt=bool(data.get("wants_receipt")),
            national_id=data.get("national_id", ""),
            language=language,
        )


class CancelMonthlyForm(forms.Form):
    """Only a confirmation button (plus CSRF): the signed link names the gift."""

    confirm = forms.BooleanField(initial=True, widget=forms.HiddenInput)


class ManageMonthlyForm(forms.Form):
    """A PortOne monthly donor's choices from the emailed link."""

    CHANGE, PAUSE, RESUME, CANCEL = "change", "pause", "resume", "cancel"

    action = forms.ChoiceField(
        choices=[
            (CHANGE, _("Change the amount")),
            (PAUSE, _("Pause")),
            (RESUME, _("Resume")),
            (CANCEL, _("Stop")),
        ]
    )
    amount = forms.CharField(
        label=_("New monthly amount"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, donation, **kwargs):
        self.donation = donation
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") != self.CHANGE:
            return cleaned
        currency = self.donation.currency
        try:
            minor = parse_amount((cleaned.get("amount") or "").strip(), currency)
        except AmountError as exc:
            self.add_error("amount", exc.message)
            return cleaned
        page = self.donation.page.specific if self.donation.page else None
        low, high = (
            page.amount_range(currency)
            if page is not None and hasattr(page, "amount_range")
            else (1, minor)
        )
        if not low <= minor <= high:
            self.add_error(
                "amount",
                _("Please give between %(low)s and %(high)s.")
                % {
                    "low": format_amount(low, currency),
                    "high": format_amount(high, currency),
                },
            )
        cleaned["amount_minor"] = minor
        return cleaned


class ConfirmDonorForm(forms.Form):
    """Only a confirmation button (plus CSRF): the emailed link names the identity."""

    confirm = forms.BooleanField(initial=True, widget=forms.HiddenInput)


class MergeDonorForm(forms.Form):
    """Finance: put one donor identity's gifts on another identity's receipt."""

    target = forms.IntegerField(
        label=_("Merge into donor identity number"), min_value=1
    )
    reason = forms.CharField(
        label=_("Why are they the same person?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )


class DebitPledgeForm(forms.Form):
    """A monthly CMS auto-debit pledge (자동이체), in won, for one donation page."""

    amount = forms.CharField(
        label=_("Monthly amount in won"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    designation = forms.ChoiceField(
        label=_("What should your gift support?"),
        choices=Designation.choices,
        initial=Designation.GENERAL,
    )
    donor_name = forms.CharField(label=_("Your name"), max_length=200)
    donor_email = forms.EmailField(label=_("Your email"))
    bank_code = forms.ChoiceField(label=_("Bank"))
    account_number = forms.CharField(
        label=_("Account number"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    holder_name = forms.CharField(label=_("Account holder's name"), max_length=100)
    holder_birth = forms.CharField(
        label=_("Account holder's date of birth"),
        max_length=12,
        help_text=_(
            "Six digits, YYMMDD (e.g. 850315); for a company account, the ten "
            "digits of its business registration number."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    wants_receipt = forms.BooleanField(
        label=_("I would like a receipt for Korean year-end tax settlement"),
        required=False,
    )
    national_id = forms.CharField(
        label=_("Resident registration number (for the tax receipt, optional)"),
        required=False,
        max_length=14,
        help_text=_("Stored encrypted and only seen by our finance staff."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    postal_address = forms.CharField(
        label=_("Postal address (for the tax receipt, optional)"),
        required=False,
        max_length=300,
    )
    consent = forms.BooleanField(
        label=_("I agree to the monthly withdrawal described above."),
        error_messages={
            "required": _("Please agree to the withdrawal to make the pledge.")
        },
    )

    def __init__(self, *args, page, **kwargs):
        self.page = page
        super().__init__(*args, **kwargs)
        self.fields["bank_code"].choices = [("", "---------"), *BANKS]

    def clean_amount(self) -> int:
        try:
            minor = parse_amount(self.cleaned_data["amount"], Currency.KRW)
        except AmountError as exc:
            raise forms.ValidationError(exc.message) from exc
        low, high = self.page.amount_range(Currency.KRW)
        if not low <= minor <= high:
            raise forms.ValidationError(
                _("Please give between %(low)s and %(high)s.")
                % {
                    "low": format_amount(low, Currency.KRW),
                    "high": format_amount(high, Currency.KRW),
                }
            )
        return minor

    def clean_account_number(self) -> str:
        digits = self.cleaned_data["account_number"].replace("-", "").replace(" ", "")
        if not (digits.isascii() and digits.isdigit() and 10 <= len(digits) <= 16):
            raise forms.ValidationError(
                _("Enter the account number: 10 to 16 digits, hyphens allowed.")
            )
        return digits

    def clean_holder_birth(self) -> str:
        value = self.cleaned_data["holder_birth"].replace("-", "").strip()
        if value.isascii() and value.isdigit() and len(value) == 10:
            return value  # a business registration number
        if value.isascii() and value.isdigit() and len(value) == 6:
            year, month, day = int(value[:2]), int(value[2:4]), int(value[4:])
            for century in (2000, 1900):
                try:
                    born = date(century + year, month, day)
                except ValueError:
                    break
                if born <= timezone.localdate():
                    return value
        raise forms.ValidationError(
            _(
                "Enter the date of birth as six digits, YYMMDD (e.g. 850315), or "
                "a business registration number of ten digits."
            )
        )

    def clean_national_id(self) -> str:
        value = self.cleaned_data["national_id"].strip().replace(" ", "")
        return validate_national_id(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("wants_receipt"):
            # Only kept when a receipt is wanted.
            cleaned["national_id"] = ""
            cleaned["postal_address"] = ""
        return cleaned


class DebitBatchForm(forms.Form):
    """Finance: make the month's debit requests for the CMS agency."""

    month = forms.CharField(
        label=_("Month (YYYY-MM)"),
        max_length=7,
        widget=forms.TextInput(attrs={"placeholder": "2026-01"}),
    )
    debit_date = forms.DateField(
        label=_("Withdrawal date"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_month(self) -> date:
        text = self.cleaned_data["month"].strip()
        year, _sep, month = text.partition("-")
        try:
            return date(int(year), int(month), 1)
        except ValueError as exc:
            raise forms.ValidationError(
                _("Enter the month as YYYY-MM, e.g. 2026-01.")
            ) from exc

    def clean(self):
        cleaned = super().clean()
        month, debit_date = cleaned.get("month"), cleaned.get("debit_date")
        if month and debit_date and debit_date.replace(day=1) != month:
            self.add_error(
                "debit_date", _("The withdrawal date must be in the chosen month.")
            )
        return cleaned


class DebitResultForm(forms.Form):
    """Finance: the CMS agency's result file for a batch."""

    MAX_BYTES = 5 * 1024 * 1024
    result_file = forms.FileField(label=_("Result file from the CMS agency"))

    def clean_result_file(self) -> bytes:
        upload = self.cleaned_data["result_file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is too large for a result file."))
        return upload.read()
