"""The one CSV writer of nkhr_pages and its sub-apps: every CSV file they
produce (the subscriber export, the translation status report, the image
consent report) goes through it, so that nothing someone typed can run as a
formula in a staff member's spreadsheet.

- Text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  gets a leading apostrophe, which spreadsheet programs read as "this is text".
  That includes text that only looks like a number ("-5" typed as a name).
- Numbers (``int``, ``Decimal``, ``float``) are written as numbers: a value
  that is a number cannot be a formula, so a negative amount stays a negative
  number that staff can add up.
- Text is always quoted, numbers never: a spreadsheet set to read ";" as the
  separator cannot split a quoted name into a second cell that starts with "=".

Wagtail does not escape its CSV exports (it leaves that to the program that
opens them), and apps never import each other, so nkhr_donations has its own
copy of this module (``nkhr_donations/csv_export.py``). Keep the two alike.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBERS = (int, float, Decimal)


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


class _Echo:
    """A file that hands back what is written: lets ``csv`` produce lines."""

    def write(self, text: str) -> str:
        return text


def escape_cell(value: Any) -> Any:
    """``value`` made safe for a spreadsheet: numbers as they are, text escaped."""
    if isinstance(value, NUMBERS) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class EscapingCsvWriter:
    """``csv.writer`` whose every cell goes through ``escape_cell``."""

    def __init__(self, target: _Writable):
        self._writer = csv.writer(target, quoting=csv.QUOTE_NONNUMERIC)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([escape_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_lines(rows: Iterable[Iterable[Any]]) -> Iterable[str]:
    """The rows as escaped CSV text, line by line (for streaming responses)."""
    writer = EscapingCsvWriter(_Echo())
    for row in rows:
        yield writer.writerow(row)


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    return "".join(csv_lines(rows))


class EscapedCsvExportMixin:
    """For Wagtail report views (``SpreadsheetExportMixin``): their CSV export
    goes through ``EscapingCsvWriter``. XLSX needs nothing: Wagtail already
    stores formula-looking text in a workbook as text."""

    def stream_csv(self, queryset):
        def rows():
            yield [self.get_heading(queryset, field) for field in self.list_export]
            for item in queryset:
                row = self.to_row_dict(item)
                yield [
                    self.preprocess_field_value(field, row.get(field), self.FORMAT_CSV)
                    for field in self.list_export
                ]

        return csv_lines(rows())
