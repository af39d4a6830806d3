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
from .ledger import ReceiptLedgerEntry, ReceiptSerial
from .pages import DonationPage

__all__ = [
    "ChargeStatus",
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
    "MonthlyCharge",
    "PayMethod",
    "ProcessedWebhookEvent",
    "ReceiptLedgerEntry",
    "ReceiptSerial",
    "RequestResult",
    "SensitiveAccess",
    "Status",
    "Verification",
]
