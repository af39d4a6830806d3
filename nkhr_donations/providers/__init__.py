"""Ways to give, each behind the interface in ``base.Provider``."""

from __future__ import annotations

from .bank_transfer import BankTransferProvider
from .base import Provider
from .portone import PortOneProvider
from .stripe_checkout import StripeCheckoutProvider

PROVIDERS: dict[str, Provider] = {
    provider.code: provider
    for provider in (
        StripeCheckoutProvider(),
        PortOneProvider(),
        BankTransferProvider(),
    )
}


def get_provider(code: str) -> Provider | None:
    return PROVIDERS.get(code)


__all__ = [
    "BankTransferProvider",
    "PortOneProvider",
    "Provider",
    "StripeCheckoutProvider",
    "get_provider",
]
