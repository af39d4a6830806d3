"""Errors of the donation module. Each carries a message fit to show a donor."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DonationError(Exception):
    """Base class: ``message`` is safe to show to the donor or staff member."""

    default_message = _("Something went wrong with your donation.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class AmountError(DonationError):
    """An amount that cannot be parsed or is out of range."""


class ProviderUnavailable(DonationError):
    default_message = _(
        "This way of giving is not available right now. Please choose another."
    )


class ProviderError(DonationError):
    default_message = _(
        "The payment service could not be reached. Nothing was charged; "
        "please try again in a few minutes."
    )


class DonationNotRecorded(DonationError):
    default_message = _(
        "We could not record your donation because of a problem on our side. "
        "Nothing was charged; please try again in a few minutes."
    )


class RateLimited(DonationError):
    default_message = _(
        "Too many donation attempts from your connection. Please wait a few "
        "minutes and try again."
    )


class WebhookSignatureError(DonationError):
    default_message = _("The webhook signature is missing or invalid.")


class WebhookPayloadError(DonationError):
    """A correctly signed event whose body is not shaped like a Stripe event."""

    default_message = _("The webhook event is not in Stripe's format.")


class EncryptionNotConfigured(DonationError):
    default_message = _(
        "National ID numbers cannot be stored right now. Leave the field empty "
        "and contact us for your receipt."
    )


class PaymentMismatch(DonationError):
    """What PortOne reports does not fit the donation (amount, currency, id)."""

    default_message = _(
        "This payment does not match your donation, so it was not recorded. "
        "If you were charged, please contact us with your reference code."
    )


class PaymentNotCompleted(DonationError):
    """The donor closed the payment window, or the card company declined."""

    default_message = _(
        "The payment was not completed, and nothing was charged. You can try "
        "again below."
    )
