"""Donation records, the donation page and the staff-editable ways to give."""

from .debits import (
    DebitBatch,
    DebitMandate,
    DebitRequest,
    MandateStatus,
    RequestResult,
    SensitiveAccess,
)
from .donations import (
    Designation,
    Donation,
    DonationStatusChange,
    Frequency,
    ProcessedWebhookEvent,
    Status,
)
from .donors import Donor, DonorMerge, Verification
from .giving import BankAccount, ExternalGivingOption
from .ledger import ReceiptLedgerEntry, ReceiptSerial
from .pages import DonationPage

__all__ = [
    "BankAccount",
    "DebitBatch",
    "DebitMandate",
    "DebitRequest",
    "Designation",
    "Donation",
    "DonationPage",
    "DonationStatusChange",
    "Donor",
    "DonorMerge",
    "ExternalGivingOption",
    "Frequency",
    "MandateStatus",
    "ProcessedWebhookEvent",
    "ReceiptLedgerEntry",
    "ReceiptSerial",
    "RequestResult",
    "SensitiveAccess",
    "Status",
    "Verification",
]
