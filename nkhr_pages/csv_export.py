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
opens them): ``escape_wagtail_csv_exports`` (run by the app's ``ready()``)
makes every export of Wagtail's own admin views (Site history, Locked pages,
Aging pages, the workflow reports, snippet and redirect listings, form
submissions) escape its cells the same way. Apps never import each other, so
nkhr_donations has its own copy of this module (``nkhr_donations/csv_export.py``).
Keep the two alike.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable, Mapping
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


class _EscapingDictWriter:
    """Stands in for the ``csv.DictWriter`` Wagtail writes a row with: escapes
    each cell, then lets Wagtail's own writer write it."""

    def __init__(self, writer: csv.DictWriter):
        self._writer = writer

    def writerow(self, row: Mapping[str, Any]) -> Any:
        return self._writer.writerow(
            {field: escape_cell(value) for field, value in row.items()}
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._writer, name)


def escape_wagtail_csv_exports() -> bool:
    """Make the CSV exports of Wagtail's ``SpreadsheetExportMixin`` escape
    their cells (once; True when in place).

    Every data row of a Wagtail CSV export goes through
    ``SpreadsheetExportMixin.write_csv_row(writer, row)``, after all of
    Wagtail's own preprocessing (a page's title, a content type's name, a
    date): the writer it is given is wrapped, so each cell is escaped just
    before it is written. Wagtail's per-class preprocess hooks
    (``custom_value_preprocess``) cannot do it: the reports' per-field
    functions (a workflow's page, a content type) bypass them. Headings are
    Wagtail's and the project's labels, left as they are. Escaping twice
    changes nothing, so views that already escape (``EscapedCsvExportMixin``)
    are unaffected. XLSX needs nothing: Wagtail already stores formula-looking
    text in a workbook as text. If a Wagtail upgrade removes
    ``write_csv_row``, the system check ``nkhr_pages.E106`` says so."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = getattr(SpreadsheetExportMixin, "write_csv_row", None)
    if original is None:
        return False
    if getattr(original, "escapes_cells", False):
        return True

    @functools.wraps(original)
    def write_csv_row(self, writer, row_dict):
        return original(self, _EscapingDictWriter(writer), row_dict)

    write_csv_row.escapes_cells = True
    SpreadsheetExportMixin.write_csv_row = write_csv_row
    return True
