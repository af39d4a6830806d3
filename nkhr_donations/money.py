"""Money as integer minor units plus a currency code; never floats.

KRW has no minor unit (1 won is the smallest amount), USD has cents. Parsing
accepts what donors type ("30,000", "₩30,000", "25.50") and refuses anything
ambiguous with a message instead of guessing: "$30000" for a gift in won is
refused, never read as ₩30,000.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from .exceptions import AmountError


class Currency(models.TextChoices):
    KRW = "KRW", _("Korean won (₩)")
    USD = "USD", _("US dollars ($)")


CURRENCY_NAMES = {Currency.KRW: _("Korean won"), Currency.USD: _("US dollars")}


MINOR_DIGITS: dict[str, int] = {Currency.KRW: 0, Currency.USD: 2}
SYMBOLS: dict[str, str] = {Currency.KRW: "₩", Currency.USD: "$"}

# Thousands separators are optional but, when used, must be in the right places.
_AMOUNT_RE = re.compile(
    r"^(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?$", re.ASCII
)
_MAX_LENGTH = 24
# What donors write around a number to name its currency (spaces removed,
# compared in upper case). Anything else around the number is refused.
MARKERS: dict[str, frozenset[str]] = {
    Currency.KRW: frozenset({"₩", "￦", "KRW", "원", "WON"}),
    Currency.USD: frozenset(
        {"$", "＄", "US$", "USD", "DOLLAR", "DOLLARS", "달러", "불"}
    ),
}
_SPLIT_RE = re.compile(
    r"^(?P<prefix>\D*)(?P<number>\d[\d,.]*)(?P<suffix>\D*)$", re.ASCII
)


def parse_amount(text: str, currency: str) -> int:
    """Parse a donor-typed amount into minor units of ``currency``."""
    if currency not in MINOR_DIGITS:
        raise AmountError(_("We do not accept that currency."))
    raw = "".join((text or "").split())
    if not raw:
        raise AmountError(_("Please enter an amount."))
    if len(raw) > _MAX_LENGTH:
        raise AmountError(_("That amount is too long."))
    parts = _SPLIT_RE.match(raw)
    if parts:
        _check_markers((parts["prefix"], parts["suffix"]), currency)
        raw = parts["number"]
    match = _AMOUNT_RE.match(raw)
    if not parts or not match:
        raise AmountError(
            _("Please enter the amount as a number, e.g. 30,000 or 25.50.")
        )
    whole = int(match["whole"].replace(",", ""))
    frac = match["frac"] or ""
    digits = MINOR_DIGITS[currency]
    if digits == 0 and frac.strip("0"):
        raise AmountError(_("Korean won has no smaller unit: enter a whole number."))
    if digits and len(frac) > digits:
        raise AmountError(_("Enter at most two digits after the decimal point."))
    minor = whole * 10**digits + (int(frac.ljust(digits, "0")) if digits else 0)
    if minor <= 0:
        raise AmountError(_("The amount must be more than zero."))
    return minor


def _check_markers(markers: tuple[str, ...], currency: str) -> None:
    """Refuse a currency sign or code that is not the chosen currency's."""
    for marker in markers:
        marker = marker.upper()
        if not marker or marker in MARKERS[currency]:
            continue
        other = next((c for c, signs in MARKERS.items() if marker in signs), None)
        if other is not None:
            raise AmountError(
                _(
                    "This amount is written in %(typed)s, but you chose to give in "
                    "%(chosen)s. Enter the amount in %(chosen)s, or choose "
                    "%(typed)s as the currency."
                )
                % {"typed": CURRENCY_NAMES[other], "chosen": CURRENCY_NAMES[currency]}
            )
        raise AmountError(
            _("Please enter the amount as a number, e.g. 30,000 or 25.50.")
        )


def to_minor(whole_units: int, currency: str) -> int:
    """Whole units (won, dollars) as minor units."""
    return int(whole_units) * 10 ** MINOR_DIGITS[currency]


def format_amount(minor: int, currency: str) -> str:
    """``₩30,000`` or ``$25.50``."""
    digits = MINOR_DIGITS[currency]
    whole, frac = divmod(int(minor), 10**digits) if digits else (int(minor), 0)
    text = f"{SYMBOLS[currency]}{whole:,}"
    if digits:
        text += f".{frac:0{digits}d}"
    return text


def to_decimal(minor: int, currency: str) -> Decimal:
    """The amount in major units as an exact ``Decimal`` (``25.50``), for exports
    that should hold a number, not text."""
    return Decimal(int(minor)).scaleb(-MINOR_DIGITS[currency])


def format_plain(minor: int, currency: str) -> str:
    """A machine-friendly decimal string (``30000`` or ``25.50``) for exports."""
    digits = MINOR_DIGITS[currency]
    if not digits:
        return str(int(minor))
    whole, frac = divmod(int(minor), 10**digits)
    return f"{whole}.{frac:0{digits}d}"
