"""Encryption at rest for national ID numbers (Fernet, key from the environment).

``DONATIONS_ENCRYPTION_KEY`` holds one or more comma-separated Fernet keys: the
first encrypts, all of them decrypt, so a key can be rotated without downtime
(add the new key in front, run ``rotate_donations_key``, then drop the old one).
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from .conf import setting
from .exceptions import EncryptionNotConfigured


def _keys() -> list[str]:
    raw = setting("DONATIONS_ENCRYPTION_KEY") or ""
    return [key.strip() for key in raw.split(",") if key.strip()]


def is_configured() -> bool:
    return bool(_keys())


def _fernet() -> MultiFernet:
    keys = _keys()
    if not keys:
        raise EncryptionNotConfigured()
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise EncryptionNotConfigured() from exc


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(ciphertext: str) -> str:
    """The plaintext; raises ``EncryptionNotConfigured`` if no key can open it."""
    try:
        return _fernet().decrypt(ciphertext.encode()).decode()
    except InvalidToken as exc:
        raise EncryptionNotConfigured() from exc


def rotate(ciphertext: str) -> str:
    """Re-encrypt ``ciphertext`` with the first (newest) key."""
    try:
        return _fernet().rotate(ciphertext.encode()).decode()
    except InvalidToken as exc:
        raise EncryptionNotConfigured() from exc


def mask_national_id(plaintext: str) -> str:
    """Keep the birth date and the first digit after it, as Korean receipts do."""
    digits = plaintext.replace("-", "")
    if len(digits) != 13:
        return "*" * len(digits)
    return f"{digits[:6]}-{digits[6]}******"
