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


@pytest.mark.parametrize(
    ("text", "currency", "expected"),
    [
        ("₩ 30,000", "KRW", 30000),
        ("￦30000", "KRW", 30000),
        ("30,000 원", "KRW", 30000),
        ("KRW 30,000", "KRW", 30000),
        ("30000 won", "KRW", 30000),
        ("₩30,000원", "KRW", 30000),
        ("$30,000", "USD", 3000000),
        ("30 USD", "USD", 3000),
        ("usd 25.50", "USD", 2550),
        ("30달러", "USD", 3000),
        ("＄1,000.00", "USD", 100000),
    ],
)
def test_the_chosen_currencys_own_signs_are_accepted(text, currency, expected):
    assert parse_amount(text, currency) == expected


@pytest.mark.parametrize(
    ("text", "currency", "typed"),
    [
        ("$30000", "KRW", "US dollars"),
        ("$30,000", "KRW", "US dollars"),
        ("US$ 30,000", "KRW", "US dollars"),
        ("30000 USD", "KRW", "US dollars"),
        ("30000달러", "KRW", "US dollars"),
        ("₩30", "USD", "Korean won"),
        ("30,000원", "USD", "Korean won"),
        ("KRW 30000", "USD", "Korean won"),
        ("30 won", "USD", "Korean won"),
        ("$30,000원", "KRW", "US dollars"),  # any foreign sign is enough
    ],
)
def test_another_currencys_sign_is_refused_with_a_message(text, currency, typed):
    with pytest.raises(AmountError) as caught:
        parse_amount(text, currency)
    message = str(caught.value.message)
    assert f"written in {typed}" in message
    assert "you chose to give in" in message


@pytest.mark.parametrize("text", ["€30", "30¥", "30 euros", "W30000", "30$$"])
def test_unknown_currency_signs_are_refused(text):
    for currency in ("KRW", "USD"):
        with pytest.raises(AmountError):
            parse_amount(text, currency)


@given(amounts)
def test_an_amount_marked_in_one_currency_never_parses_in_the_other(minor):
    for written, other in (("KRW", "USD"), ("USD", "KRW")):
        with pytest.raises(AmountError):
            parse_amount(format_amount(minor, written), other)
