"""Amount parsing: property tests for KRW (no minor unit) and USD (cents)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nkhr_donations.exceptions import AmountError
from nkhr_donations.money import format_amount, format_plain, parse_amount

amounts = st.integers(min_value=1, max_value=10**12)


@given(amounts)
def test_krw_format_then_parse_is_identity(minor):
    assert parse_amount(format_amount(minor, "KRW"), "KRW") == minor


@given(amounts)
def test_usd_format_then_parse_is_identity(minor):
    assert parse_amount(format_amount(minor, "USD"), "USD") == minor


@given(st.integers(min_value=1, max_value=10**9), st.integers(0, 99))
def test_usd_dollars_and_cents(dollars, cents):
    assert parse_amount(f"{dollars}.{cents:02d}", "USD") == dollars * 100 + cents
    assert parse_amount(f"{dollars:,}", "USD") == dollars * 100


@given(st.integers(min_value=1, max_value=10**9), st.integers(1, 9))
def test_won_with_a_fraction_is_refused(won, fraction):
    with pytest.raises(AmountError):
        parse_amount(f"{won}.{fraction}", "KRW")
    assert parse_amount(f"{won}.00", "KRW") == won


@given(st.integers(min_value=1, max_value=10**6), st.integers(100, 999))
def test_three_decimals_of_a_dollar_are_refused(dollars, mills):
    with pytest.raises(AmountError):
        parse_amount(f"{dollars}.{mills}", "USD")


@given(st.text(max_size=30))
def test_any_text_parses_or_raises_amount_error(text):
    for currency in ("KRW", "USD"):
        try:
            value = parse_amount(text, currency)
        except AmountError:
            continue
        assert isinstance(value, int)
        assert value > 0


@given(amounts)
def test_plain_export_format_is_decimal_and_exact(minor):
    assert format_plain(minor, "KRW") == str(minor)
    dollars, cents = format_plain(minor, "USD").split(".")
    assert int(dollars) * 100 + int(cents) == minor


@pytest.mark.parametrize(
    ("text", "currency", "expected"),
    [
        ("30,000", "KRW", 30000),
        ("₩30,000", "KRW", 30000),
        ("30000원", "KRW", 30000),
        ("$25.5", "USD", 2550),
        ("US$ 1,234.56", "USD", 123456),
    ],
)
def test_examples(text, currency, expected):
    assert parse_amount(text, currency) == expected


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("", "KRW"),
        ("0", "KRW"),
        ("1,00", "KRW"),
        ("12,34,567", "USD"),
        ("1e5", "USD"),
        ("abc", "KRW"),
        ("10", "EUR"),
        ("١٢٣", "KRW"),
    ],
)
def test_refusals(text, currency):
    with pytest.raises(AmountError):
        parse_amount(text, currency)
