"""Resident registration numbers (주민등록번호): what can be checked without
ever refusing a real person's number.

``YYMMDD-GNNNNNN``: a date of birth, then G, which gives the century (1, 2, 5, 6:
1900s; 3, 4, 7, 8: 2000s; 9, 0: 1800s; 5 to 8 are foreign residents), then six
more digits. Numbers issued before 5 October 2020 end in a check digit. Since
then every newly assigned number has random digits after G: not only babies
born since, but anyone whose number was assigned or changed later (a changed
number after a leak, naturalisation, North Korean defectors settling here), at
any age. So a failed check digit is normal for a person of any age alive in
2020, and it refuses a number only when nobody holding it could have been
given a new-scheme number: a date of birth in the 1800s.

The date of birth is always checked: a real calendar date in G's century, not
in the future.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PATTERN = re.compile(r"^(\d{6})-?(\d{7})$", re.ASCII)
CENTURY = {"1": 1900, "2": 1900, "5": 1900, "6": 1900}
CENTURY |= {"3": 2000, "4": 2000, "7": 2000, "8": 2000, "9": 1800, "0": 1800}
WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
# Born before this, a person was not alive when random numbers began (2020-10-05).
NEW_SCHEME_POSSIBLE_FROM = date(1900, 1, 1)


def birth_date(digits: str) -> date | None:
    """The date of birth in a 13-digit number, or None if it is not a date."""
    try:
        return date(
            CENTURY[digits[6]] + int(digits[:2]), int(digits[2:4]), int(digits[4:6])
        )
    except ValueError:
        return None


def has_valid_check_digit(digits: str) -> bool:
    """The pre-October-2020 check digit (residents' formula)."""
    total = sum(int(d) * w for d, w in zip(digits[:12], WEIGHTS, strict=True))
    return (11 - total % 11) % 10 == int(digits[12])


def clean_national_id(value: str) -> str:
    """``YYMMDD-GNNNNNN`` for a plausible number; ``ValidationError`` otherwise."""
    match = PATTERN.match(value)
    if not match:
        raise ValidationError(
            _("Enter the 13 digits of the number, e.g. 900101-1234567."),
            code="format",
        )
    digits = match[1] + match[2]
    born = birth_date(digits)
    if born is None:
        raise ValidationError(
            _(
                "The first six digits must be a date of birth (YYMMDD). "
                "Please check the number."
            ),
            code="birth_date",
        )
    if born > timezone.localdate():
        raise ValidationError(
            _(
                "The date of birth in this number is in the future. Please check "
                "the first seven digits."
            ),
            code="future",
        )
    if born < NEW_SCHEME_POSSIBLE_FROM and not has_valid_check_digit(digits):
        raise ValidationError(
            _("The last digit of this number does not match. Please check it."),
            code="check_digit",
        )
    return f"{digits[:6]}-{digits[6:]}"
