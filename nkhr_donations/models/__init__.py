"""Donation records, the donation page and the staff-editable ways to give."""

from .donations import (
    ChargeStatus,
    Designation,
    Donation,
    DonationStatusChange,
    Frequency,
    MonthlyCharge,
    PayMethod,
    ProcessedWebhookEvent,
    Status,
)
from .donors import Donor, DonorMerge, Verification
from .giving import BankAccount, ExternalGivingOption
from .pages import DonationPage

__all__ = [
    "ChargeStatus",
    "BankAccount",
    "Designation",
    "Donation",
    "DonationPage",
    "DonationStatusChange",
    "Donor",
    "DonorMerge",
    "ExternalGivingOption",
    "Frequency",
    "MonthlyCharge",
    "PayMethod",
    "ProcessedWebhookEvent",
    "Status",
    "Verification",
]
