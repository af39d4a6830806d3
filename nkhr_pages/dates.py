"""Dates known only to the month or the year.

The organisation's documents often give "March 2024" or just "2024". Such a
date is stored as the first day of its month or year (so ordering, year filters
and feeds keep working) together with its precision, and is always shown at
that precision: "2024", "March 2024" / "2024년 3월", never a made-up day.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import translation
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month only")
    YEAR = "year", _("Year only")


def date_precision_field(verbose_name=None) -> models.CharField:
    """The field that says how much of a date the documents give."""
    return models.CharField(
        verbose_name or _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        # Not required in forms: a form or import that leaves it out means "day".
        blank=True,
        help_text=_(
            "How much of the date is known. For 'Month only' or 'Year only' enter "
            "any day of that month or year: the site shows only 'March 2024' or "
            "'2024'."
        ),
    )


def truncate_date(value: datetime.date | None, precision: str) -> datetime.date | None:
    """The first day of ``value``'s month or year, as ``precision`` asks."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


# Per language and precision. Korean never pads (2024년 3월 5일); English puts the
# day first, unpadded, with the month's full name (5 March 2024).
DATE_FORMATS: dict[str, dict[str, str]] = {
    "en": {"day": "j F Y", "month": "F Y", "year": "Y"},
    "ko": {"day": "Y년 n월 j일", "month": "Y년 n월", "year": "Y년"},
}


def local_date_text(
    value: datetime.date | datetime.datetime | None, precision: str = "day"
) -> str:
    """``value`` written out in the active language, to ``precision``
    (``"day"``, ``"month"`` or ``"year"``); "" for no date. The one date format
    of the site: templates use it through ``nkhr_format.local_date``."""
    if not value:
        return ""
    code = (translation.get_language() or "en").split("-")[0]
    formats_for = DATE_FORMATS.get(code, DATE_FORMATS["en"])
    return format_date(value, formats_for.get(precision or "day", formats_for["day"]))


def format_partial_date(value: datetime.date | None, precision: str) -> str:
    """``value`` in the current language at ``precision``: "29 November 2024" /
    "2024년 11월 29일", "March 2024" / "2024년 3월", "2024" / "2024년"."""
    return local_date_text(value, precision or DatePrecision.DAY)


def iso_partial_date(value: datetime.date | None, precision: str) -> str:
    """The machine-readable form for ``<time datetime>``: "2024", "2024-03" or
    "2024-03-01" (all valid HTML dates)."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


class PartialDateMixin:
    """For a page whose ``partial_date_fields`` share one precision field
    (``date_precision``): saving stores the first day of the month or year, so a
    day the documents do not give never hides in the database."""

    partial_date_fields: tuple[str, ...] = ()

    def clean(self):
        super().clean()
        self.truncate_partial_dates()

    def save(self, *args, **kwargs):
        self.truncate_partial_dates()
        return super().save(*args, **kwargs)

    def truncate_partial_dates(self) -> None:
        self.date_precision = self.date_precision or DatePrecision.DAY
        for name in self.partial_date_fields:
            # to_python: a date may still be the string it was assigned as.
            value = self._meta.get_field(name).to_python(getattr(self, name))
            setattr(self, name, truncate_date(value, self.date_precision))

    def partial_date(self, name: str) -> str:
        return format_partial_date(getattr(self, name), self.date_precision)
