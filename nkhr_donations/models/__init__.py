"""Donation records, the donation page and the staff-editable ways to give."""

from .donations import (
    Designation,
    Donation,
    DonationStatusChange,
    Frequency,
    PayMethod,
    ProcessedWebhookEvent,
    Status,
)
from .donors import Donor, DonorMerge, Verification
from .giving import BankAccount, ExternalGivingOption
from .pages import DonationPage

__all__ = [
    "BankAccount",
    "Designation",
    "Donation",
    "DonationPage",
    "DonationStatusChange",
    "Donor",
    "DonorMerge",
    "ExternalGivingOption",
    "Frequency",
    "PayMethod",
    "ProcessedWebhookEvent",
    "Status",
    "Verification",
]
