"""The donation page: a translatable Wagtail page that hosts the donation form.

It knows nothing of the site's other page types; campaigns link to it through
their own page chooser. Amounts are entered by staff in whole units (won,
dollars) and turned into minor units in code.
"""

from __future__ import annotations

from http import HTTPMethod

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..conf import layout_context
from ..exceptions import AmountError
from ..money import Currency, parse_amount, to_minor


def _parse_suggestions(text: str, currency: str) -> list[int]:
    return [parse_amount(part, currency) for part in text.split() if part.strip()]


class DonationPage(Page):
    """Where donors give by card, pledge a bank transfer, or find other ways to give."""

    # Named explicitly so that a host's own ``DonationPage`` cannot clash with
    # ours over ``Page.donationpage`` (see nkhr_pages.models.base.BasePage).
    page_ptr = models.OneToOneField(
        Page,
        on_delete=models.CASCADE,
        parent_link=True,
        related_name="nkhr_donations_donationpage",
    )
    intro = RichTextField(_("introduction"), blank=True)
    suggested_amounts_krw = models.CharField(
        _("suggested amounts in won"),
        max_length=200,
        default="10000 30000 50000 100000",
        help_text=_("Whole won, separated by spaces, e.g. 10000 30000 50000."),
    )
    suggested_amounts_usd = models.CharField(
        _("suggested amounts in US dollars"),
        max_length=200,
        default="10 25 50 100",
        help_text=_("Dollars, separated by spaces, e.g. 10 25 50 100."),
    )
    min_amount_krw = models.PositiveIntegerField(_("minimum in won"), default=1000)
    max_amount_krw = models.PositiveIntegerField(
        _("maximum in won"), default=10_000_000
    )
    min_amount_usd = models.PositiveIntegerField(_("minimum in dollars"), default=1)
    max_amount_usd = models.PositiveIntegerField(
        _("maximum in dollars"), default=10_000
    )
    accept_cards = models.BooleanField(_("accept card payments"), default=True)
    accept_bank_transfers = models.BooleanField(
        _("accept bank-transfer pledges"), default=True
    )
    bank_transfer_intro = RichTextField(_("bank transfer instructions"), blank=True)
    thank_you_text = RichTextField(_("thank-you text"), blank=True)
    # A page relation, not an import: the privacy policy is a page of the site's
    # own; the consent checkbox links to its translation in the donor's language.
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy policy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from the form's consent checkbox."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("suggested_amounts_krw"),
                FieldPanel("min_amount_krw"),
                FieldPanel("max_amount_krw"),
                FieldPanel("suggested_amounts_usd"),
                FieldPanel("min_amount_usd"),
                FieldPanel("max_amount_usd"),
            ],
            heading=_("Amounts"),
        ),
        MultiFieldPanel(
            [FieldPanel("accept_cards"), FieldPanel("accept_bank_transfers")],
            heading=_("Ways to give"),
        ),
        FieldPanel("bank_transfer_intro"),
        FieldPanel("thank_you_text"),
        FieldPanel("privacy_page"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("intro"),
        TranslatableField("bank_transfer_intro"),
        TranslatableField("thank_you_text"),
        SynchronizedField("slug"),
        SynchronizedField("privacy_page"),
        SynchronizedField("suggested_amounts_krw"),
        SynchronizedField("suggested_amounts_usd"),
        SynchronizedField("min_amount_krw"),
        SynchronizedField("max_amount_krw"),
        SynchronizedField("min_amount_usd"),
        SynchronizedField("max_amount_usd"),
        SynchronizedField("accept_cards"),
        SynchronizedField("accept_bank_transfers"),
    ]
    subpage_types: list[str] = []
    # The form posts to the page itself (views.serve_donation_page); nothing
    # else writes to it, so PUT or DELETE answers 405.
    allowed_http_methods = [
        HTTPMethod.GET,
        HTTPMethod.HEAD,
        HTTPMethod.OPTIONS,
        HTTPMethod.POST,
    ]

    class Meta:
        verbose_name = _("donation page")

    def clean(self) -> None:
        super().clean()
        errors = {}
        for currency, field in (
            (Currency.KRW, "suggested_amounts_krw"),
            (Currency.USD, "suggested_amounts_usd"),
        ):
            try:
                _parse_suggestions(getattr(self, field), currency)
            except AmountError as exc:
                errors[field] = exc.message
        if self.min_amount_krw > self.max_amount_krw:
            errors["max_amount_krw"] = _("The maximum must not be below the minimum.")
        if self.min_amount_usd > self.max_amount_usd:
            errors["max_amount_usd"] = _("The maximum must not be below the minimum.")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(layout_context())
        context["privacy_url"] = self.privacy_url()
        return context

    def privacy_url(self) -> str:
        """The chosen privacy policy in this page's language, if published."""
        page = self.privacy_page
        if page is None:
            return ""
        page = page.get_translation_or_none(self.locale) or page
        return page.url if page.live else ""

    def suggested_amounts(self, currency: str) -> list[int]:
        """The suggested amounts for ``currency`` in minor units."""
        field = {Currency.KRW: self.suggested_amounts_krw}.get(
            currency, self.suggested_amounts_usd
        )
        try:
            return _parse_suggestions(field, currency)
        except AmountError:
            return []

    def amount_range(self, currency: str) -> tuple[int, int]:
        """(minimum, maximum) for ``currency`` in minor units."""
        if currency == Currency.KRW:
            low, high = self.min_amount_krw, self.max_amount_krw
        else:
            low, high = self.min_amount_usd, self.max_amount_usd
        return to_minor(low, currency), to_minor(high, currency)

    def serve(self, request, *args, **kwargs):
        # The form handling lives in views.py; the page only hands over.
        from ..views import serve_donation_page

        return serve_donation_page(self, request)
