"""The interface every way of giving implements.

A provider turns a freshly recorded ``Donation`` into the next step for the
donor (a hosted checkout page, bank details) and knows how to stop a monthly
gift. Webhook handling for providers that send events lives in ``webhooks.py``.
"""

from __future__ import annotations

from typing import Protocol

from ..models import Donation


class DonationUrls(Protocol):
    def thanks(self, donation: Donation) -> str: ...
    def back_to_form(self) -> str: ...


class Provider:
    """Base class: subclasses set ``code`` and ``label`` and implement ``start``."""

    code: str = ""
    label: str = ""

    def is_available(self) -> bool:
        return True

    def start(self, donation: Donation, urls: DonationUrls) -> str:
        """Prepare the payment and return where to send the donor next.

        May set provider fields on ``donation``; the caller saves it.
        """
        raise NotImplementedError

    def cancel_recurring(self, donation: Donation) -> None:
        """Stop future payments of a monthly gift at the provider (if any)."""
