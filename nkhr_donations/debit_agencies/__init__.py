"""CMS agency file layouts, one module per layout, chosen by the setting
``DONATIONS_DEBIT_AGENCY`` (default ``nkhr-fixed-v1``).

A layout turns a month's debit requests into the file Finance uploads to the
agency (``write_requests``) and reads the agency's result file back
(``read_results``). Everything about bytes, widths and codes lives in the
layout; ``nkhr_donations.debits`` checks the parsed result against the batch
and applies it. Another agency's layout is another module registered below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from ..conf import setting
from ..exceptions import DonationError


@dataclass(frozen=True)
class RequestLine:
    """One withdrawal to ask for, with the numbers decrypted for the file."""

    sequence: int
    member_number: str
    bank_code: str
    account_number: str
    holder_name: str
    holder_birth: str
    amount: int


@dataclass(frozen=True)
class BatchInfo:
    batch_id: int
    institution_code: str
    month: date
    debit_date: date


@dataclass(frozen=True)
class ResultLine:
    line_number: int
    sequence: int
    member_number: str
    amount: int
    paid: bool
    code: str


@dataclass
class ResultFile:
    """What the agency's file says, before it is checked against the batch."""

    batch_id: int
    institution_code: str
    month: str
    lines: list[ResultLine] = field(default_factory=list)
    trailer_count: int = 0
    trailer_total: int = 0
    trailer_paid_count: int = 0
    trailer_paid_total: int = 0


class LayoutError(DonationError):
    """The file is not in the layout; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


class AgencyLayout(Protocol):
    code: str
    name: str
    file_extension: str

    def write_requests(self, info: BatchInfo, lines: list[RequestLine]) -> bytes: ...

    def read_results(self, data: bytes) -> ResultFile: ...


def _registry() -> dict[str, AgencyLayout]:
    from .nkhr_fixed import NkhrFixedLayout

    return {layout.code: layout for layout in (NkhrFixedLayout(),)}


def get_layout(code: str | None = None) -> AgencyLayout:
    """The configured layout (or ``code``'s); ``KeyError`` names an unknown one."""
    code = code or setting("DONATIONS_DEBIT_AGENCY")
    layouts = _registry()
    if code not in layouts:
        raise KeyError(
            f"Unknown DONATIONS_DEBIT_AGENCY {code!r}; known: {sorted(layouts)}"
        )
    return layouts[code]
