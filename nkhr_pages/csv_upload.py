"""CSV files uploaded by staff (media coverage, newsletter subscribers): the
limits every import keeps, a reader that refuses what would otherwise crash
(a value over the ``csv`` module's 128 KiB field limit) or be stored silently
(NUL characters, a column given twice, a column nobody reads), and a bounded
summary of the problems found.

Limits (settings, with these defaults):

- ``NKHR_CSV_IMPORT_MAX_BYTES``: the size of a file, 5 MiB;
- ``NKHR_CSV_IMPORT_MAX_VALUE_CHARS``: the length of one value, 10,000 characters;
- the number of rows: each import names its own setting.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_VALUE_CHARS = 10_000
SHOWN_ERRORS = 50  # the rest are only counted, so a report stays small

# Kinds of problem, counted in the summary.
KIND_FILE = gettext_lazy("unusable file")
KIND_COLUMNS = gettext_lazy("header row")
KIND_NUL = gettext_lazy("NUL character")
KIND_TOO_LONG = gettext_lazy("value too long")
KIND_CELLS = gettext_lazy("more cells than columns")
KIND_TOO_MANY_ROWS = gettext_lazy("too many rows")


def max_bytes() -> int:
    return int(getattr(settings, "NKHR_CSV_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_value_chars() -> int:
    return int(
        getattr(settings, "NKHR_CSV_IMPORT_MAX_VALUE_CHARS", DEFAULT_MAX_VALUE_CHARS)
    )


def too_big_message(size: int) -> str:
    return _("The file has %(size)s; at most %(limit)s can be imported at once.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(max_bytes()),
    }


@dataclass(frozen=True)
class LineError:
    """A problem on one line of the file (line 1 is the header)."""

    line: int
    message: str
    kind: str = ""

    def __str__(self) -> str:
        return _("line %(line)s: %(message)s") % {
            "line": self.line,
            "message": self.message,
        }


@dataclass
class ErrorSummary:
    """The first ``SHOWN_ERRORS`` problems in full, and how many of each kind."""

    shown: list[LineError] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    limit: int = SHOWN_ERRORS

    def add(self, line: int, message: str, kind: str) -> None:
        self.counts[str(kind)] += 1
        if len(self.shown) < self.limit:
            self.shown.append(LineError(line, message, str(kind)))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def hidden(self) -> int:
        return self.total - len(self.shown)

    def __bool__(self) -> bool:
        return self.total > 0

    def kinds(self) -> list[tuple[str, int]]:
        return self.counts.most_common()


class CsvRefused(Exception):
    """The file cannot be read at all (its header, its encoding, its size)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_header(
    names: Iterable[str], known: Iterable[str], required: Iterable[str]
) -> list[str]:
    """The header's column names (trimmed, lower-cased); raises ``CsvRefused``
    naming a column given twice, one nobody reads, or one missing."""
    columns = [(name or "").strip().lower() for name in names]
    known = set(known)
    for number, name in enumerate(columns, start=1):
        if "\x00" in name:
            raise CsvRefused(_("the header row contains a NUL character"))
        if not name:
            message = _("column %(number)s of the header row has no name")
            raise CsvRefused(message % {"number": number})
    repeated = sorted({name for name in columns if columns.count(name) > 1})
    if repeated:
        raise CsvRefused(
            _("the header row names these columns more than once: %(columns)s")
            % {"columns": ", ".join(repeated)}
        )
    unknown = [name for name in columns if name not in known]
    if unknown:
        raise CsvRefused(
            _("unknown column(s): %(unknown)s (the columns are: %(known)s)")
            % {"unknown": ", ".join(unknown), "known": ", ".join(sorted(known))}
        )
    missing = [name for name in required if name not in columns]
    if missing:
        raise CsvRefused(
            _("the header row lacks the column(s): %(columns)s")
            % {"columns": ", ".join(missing)}
        )
    return columns


def read_records(
    text: str,
    *,
    known: Iterable[str],
    required: Iterable[str],
    max_rows: int,
    errors: ErrorSummary,
) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line, {column: trimmed value})`` for each row that is safe to read.

    Rows with a NUL, a value over the limit or more cells than columns are
    reported in ``errors`` and not yielded; blank lines are skipped. Reading
    stops with an error past ``max_rows`` rows, and at a value too long for the
    ``csv`` module (nothing after it can be told apart).
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise CsvRefused(_("the header row cannot be read: %s") % exc) from exc
    if header is None:
        raise CsvRefused(_("the file is empty"))
    columns = check_header(header, known, required)
    longest = max_value_chars()
    rows = 0
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                message = _(
                    "a value is longer than %(limit)s characters; nothing after "
                    "it was checked"
                ) % {"limit": f"{longest:,}"}
                errors.add(reader.line_num, message, KIND_TOO_LONG)
            else:
                errors.add(reader.line_num, _("unreadable CSV: %s") % exc, KIND_FILE)
            return
        if cells is None:
            return
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are harmless
        rows += 1
        if rows > max_rows:
            errors.add(
                line,
                _("the file has more than %(limit)s rows; split it into smaller files")
                % {"limit": f"{max_rows:,}"},
                KIND_TOO_MANY_ROWS,
            )
            return
        if any("\x00" in cell for cell in cells):
            errors.add(
                line,
                _("contains a NUL character (is this really a text CSV file?)"),
                KIND_NUL,
            )
            continue
        too_long = [
            columns[index]
            if index < len(columns)
            else _("cell %(number)s") % {"number": index + 1}
            for index, cell in enumerate(cells)
            if len(cell) > longest
        ]
        if too_long:
            errors.add(
                line,
                _("%(columns)s is longer than %(limit)s characters")
                % {"columns": ", ".join(too_long), "limit": f"{longest:,}"},
                KIND_TOO_LONG,
            )
            continue
        if len(cells) > len(columns):
            errors.add(line, _("this row has more cells than the header"), KIND_CELLS)
            continue
        values = dict.fromkeys(columns, "")
        values.update(
            {name: cell.strip() for name, cell in zip(columns, cells, strict=False)}
        )
        yield line, values
