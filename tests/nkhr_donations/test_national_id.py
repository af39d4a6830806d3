"""Resident registration numbers: a real date of birth always; the check digit
only where no new-scheme (random) number can exist."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from nkhr_donations.national_id import (
    WEIGHTS,
    birth_date,
    clean_national_id,
    has_valid_check_digit,
)


def with_check_digit(first12: str) -> str:
    total = sum(int(d) * w for d, w in zip(first12, WEIGHTS, strict=True))
    digits = first12 + str((11 - total % 11) % 10)
    return f"{digits[:6]}-{digits[6:]}"


def wrong_check_digit(first12: str) -> str:
    right = with_check_digit(first12)
    return right[:-1] + str((int(right[-1]) + 1) % 10)


def test_the_check_digit_formula():
    assert has_valid_check_digit(with_check_digit("900101123456").replace("-", ""))
    assert not has_valid_check_digit(wrong_check_digit("900101123456").replace("-", ""))


@pytest.mark.parametrize(
    ("number", "born"),
    [
        ("9001011234567", date(1990, 1, 1)),
        ("0002293234567", date(2000, 2, 29)),
        ("2103154234567", date(2021, 3, 15)),
        ("8512315234567", date(1985, 12, 31)),
        ("0506017234567", date(2005, 6, 1)),
        ("9901019234567", date(1899, 1, 1)),
        ("0001010234567", date(1800, 1, 1)),
    ],
)
def test_the_seventh_digit_gives_the_century(number, born):
    assert birth_date(number) == born


@pytest.mark.parametrize(
    "number",
    [
        "999999-9999999",  # the number in the issue: no 99th month
        "901301-1234567",  # no 13th month
        "900230-1234567",  # no 30 February
        "010229-3234567",  # 2001 is not a leap year
        "900001-1234567",
        "900100-2234567",
    ],
)
def test_a_number_without_a_real_date_of_birth_is_refused(number):
    with pytest.raises(ValidationError) as caught:
        clean_national_id(number)
    assert caught.value.code == "birth_date"


def test_a_date_of_birth_in_the_future_is_refused():
    tomorrow = timezone.localdate() + timedelta(days=1)
    number = with_check_digit(f"{tomorrow:%y%m%d}3{'12345'}")
    with pytest.raises(ValidationError) as caught:
        clean_national_id(number)
    assert caught.value.code == "future"
    with pytest.raises(ValidationError):
        clean_national_id(with_check_digit("991231412345"))  # 2099


@pytest.mark.parametrize(
    "number",
    [
        with_check_digit("900101123456"),  # issued before October 2020
        wrong_check_digit("900101123456"),  # changed since: random digits
        wrong_check_digit("211015312345"),  # born since October 2020
        wrong_check_digit("200101412345"),  # born earlier in 2020
        wrong_check_digit("850315512345"),  # foreign resident
        wrong_check_digit("100101712345"),
        with_check_digit("990101912345"),  # 1800s with a correct check digit
        "9001011234567",  # without the hyphen
    ],
)
def test_real_numbers_of_any_age_are_accepted(number):
    cleaned = clean_national_id(number)
    assert cleaned == f"{number.replace('-', '')[:6]}-{number.replace('-', '')[6:]}"


def test_an_1800s_number_must_have_a_correct_check_digit():
    # Nobody born in the 1800s was alive to be given a random (2020) number.
    with pytest.raises(ValidationError) as caught:
        clean_national_id(wrong_check_digit("990101912345"))
    assert caught.value.code == "check_digit"


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2024, 12, 31)),
    st.booleans(),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
)
def test_never_refuses_a_real_date_of_birth_whatever_the_last_digits(
    born, foreign, last_six
):
    # Since October 2020 anyone's new or changed number may end in any digits.
    sex = ("5" if foreign else "1") if born.year < 2000 else ("7" if foreign else "3")
    number = f"{born:%y%m%d}-{sex}{last_six}"
    assert clean_national_id(number) == number
