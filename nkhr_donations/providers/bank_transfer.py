"""Bank-transfer pledges: the donor transfers money themselves, quoting the
donation's reference code; staff mark the pledge received when it arrives.
A monthly automatic transfer set up at the donor's bank is the same kind of pledge.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..models import Donation
from ..models.donations import Provider as ProviderCode
from .base import DonationUrls, Provider


class BankTransferProvider(Provider):
    code = ProviderCode.BANK_TRANSFER
    label = _("Bank transfer")

    def start(self, donation: Donation, urls: DonationUrls) -> str:
        donation.provider_reference = donation.reference_code
        return urls.thanks(donation)
