"""Dates and numbers as each language writes them, one format per language.

Django's own ``DATE_FORMAT`` gives "Dec. 15, 2024" in English and its
``SHORT_DATE_FORMAT`` "12/15/2024"; the site writes one long form everywhere:
"15 December 2024" and "2024년 12월 15일". Machine formats (``<time datetime>``,
feeds, sitemaps) keep ISO 8601 and never use these filters.
"""

from __future__ import annotations

import datetime

from django import template
from django.utils import formats, translation
from django.utils.dateformat import format as format_date

register = template.Library()

# Per language and precision. Korean never pads (2024년 3월 5일); English puts the
# day first, unpadded, with the month's full name (5 March 2024).
DATE_FORMATS: dict[str, dict[str, str]] = {
    "en": {"day": "j F Y", "month": "F Y", "year": "Y"},
    "ko": {"day": "Y년 n월 j일", "month": "Y년 n월", "year": "Y년"},
}


def _language() -> str:
    code = (translation.get_language() or "en").split("-")[0]
    return code if code in DATE_FORMATS else "en"


def local_date_text(
    value: datetime.date | datetime.datetime | None, precision: str = "day"
) -> str:
    """``value`` written out in the active language, to ``precision``
    (``"day"``, ``"month"`` or ``"year"``); "" for no date."""
    if not value:
        return ""
    formats_for = DATE_FORMATS[_language()]
    return format_date(value, formats_for.get(precision or "day", formats_for["day"]))


@register.filter
def local_date(value, precision: str = "day") -> str:
    """``{{ page.publication_date|local_date }}``, or ``|local_date:"month"``."""
    return local_date_text(value, precision)


@register.filter
def local_date_range(start, end) -> str:
    """"3 – 5 June 2024" style ranges are ambiguous across languages; the site
    writes both dates in full, or one when they are the same day."""
    if not end or end == start:
        return local_date_text(start)
    return f"{local_date_text(start)} – {local_date_text(end)}"


@register.filter
def local_number(value) -> str:
    """Whole numbers with thousands separators in both languages (1,200)."""
    if value is None or value == "":
        return ""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    return formats.number_format(number, decimal_pos=0, use_l10n=True, force_grouping=True)
