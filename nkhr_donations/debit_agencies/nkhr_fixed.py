"""``nkhr-fixed-v1``: the project's own fixed-width layout, modelled on the
usual shape of Korean CMS files (금융결제원 CMS, 효성 CMS): a header, one data
record per withdrawal, a trailer with count and total; records of 120 bytes
in CP949 (EUC-KR with Hangul extensions), lines ended by CRLF, numbers
right-aligned with zeros, text left-aligned with spaces.

It is NOT any agency's official specification: match it to the contracted
agency's spec (or add a module for that spec) before the first real run.
docs/donations.md documents every field.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import BatchInfo, LayoutError, RequestLine, ResultFile, ResultLine

ENCODING = "cp949"
RECORD = 120

# (name, start, width): start counts from 0, in bytes.
HEADER = [("type", 0, 1), ("institution", 1, 10), ("batch", 11, 8),
          ("month", 19, 6), ("debit_date", 25, 8)]  # fmt: skip
DATA = [("type", 0, 1), ("sequence", 1, 6), ("member", 7, 20), ("bank", 27, 3),
        ("account", 30, 16), ("holder", 46, 20), ("birth", 66, 10),
        ("amount", 76, 13), ("flag", 89, 1), ("code", 90, 4)]  # fmt: skip
TRAILER = [("type", 0, 1), ("count", 1, 6), ("total", 7, 15),
           ("paid_count", 22, 6), ("paid_total", 28, 15)]  # fmt: skip
NUMERIC = {"batch", "sequence", "amount", "count", "total", "paid_count",
           "paid_total"}  # fmt: skip


def _text(value: str, width: int) -> bytes:
    """``value`` in CP949, cut at a whole character, padded with spaces."""
    out = b""
    for char in value:
        encoded = char.encode(ENCODING, errors="replace")
        if len(out) + len(encoded) > width:
            break
        out += encoded
    return out.ljust(width, b" ")


def _number(value: int, width: int) -> bytes:
    text = str(value).rjust(width, "0")
    if len(text) > width:
        raise ValueError(f"{value} does not fit in {width} digits")
    return text.encode("ascii")


def _record(fields: list[tuple[str, int, int]], values: dict) -> bytes:
    out = b""
    for name, start, width in fields:
        if len(out) != start:
            raise ValueError(f"field {name} must start at byte {start}")
        value = values.get(name, "")
        out += _number(value, width) if name in NUMERIC else _text(str(value), width)
    return out.ljust(RECORD, b" ")


def _fields(spec, record: bytes, line: int, errors: list[str]) -> dict | None:
    values: dict = {}
    for name, start, width in spec:
        raw = record[start : start + width]
        if name in NUMERIC:
            if not raw.isdigit():
                errors.append(
                    _("Line %(line)d: the field “%(field)s” is not a number.")
                    % {"line": line, "field": name}
                )
                return None
            values[name] = int(raw)
        else:
            try:
                values[name] = raw.decode(ENCODING).strip()
            except UnicodeDecodeError:
                errors.append(
                    _("Line %(line)d: the field “%(field)s” is not CP949 text.")
                    % {"line": line, "field": name}
                )
                return None
    return values


class NkhrFixedLayout:
    code = "nkhr-fixed-v1"
    name = "NKHR fixed-width CMS layout v1"
    file_extension = "txt"

    def write_requests(self, info: BatchInfo, lines: list[RequestLine]) -> bytes:
        header = {
            "type": "H",
            "institution": info.institution_code,
            "batch": info.batch_id,
            "month": f"{info.month:%Y%m}",
            "debit_date": f"{info.debit_date:%Y%m%d}",
        }
        records = [_record(HEADER, header)]
        for line in lines:
            records.append(
                _record(
                    DATA,
                    {
                        "type": "D",
                        "sequence": line.sequence,
                        "member": line.member_number,
                        "bank": line.bank_code,
                        "account": line.account_number,
                        "holder": line.holder_name,
                        "birth": line.holder_birth,
                        "amount": line.amount,
                    },
                )
            )
        trailer = {
            "type": "T",
            "count": len(lines),
            "total": sum(line.amount for line in lines),
            "paid_count": 0,
            "paid_total": 0,
        }
        records.append(_record(TRAILER, trailer))
        return b"".join(record + b"\r\n" for record in records)

    def read_results(self, data: bytes) -> ResultFile:
        """Parse the agency's result file; ``LayoutError`` lists every problem
        with the layout itself (matching it to the batch is done elsewhere)."""
        errors: list[str] = []
        records = data.replace(b"\r\n", b"\n").split(b"\n")
        if records and records[-1] == b"":
            records.pop()
        if len(records) < 2:
            raise LayoutError([_("The file has no header and trailer records.")])
        for number, record in enumerate(records, start=1):
            if len(record) != RECORD:
                errors.append(
                    _("Line %(line)d is %(length)d bytes long instead of %(record)d.")
                    % {"line": number, "length": len(record), "record": RECORD}
                )
        if errors:
            raise LayoutError(errors)
        header = _fields(HEADER, records[0], 1, errors)
        trailer = _fields(TRAILER, records[-1], len(records), errors)
        if header and header["type"] != "H":
            errors.append(_("Line 1 is not a header record (H)."))
        if trailer and trailer["type"] != "T":
            errors.append(
                _("Line %(line)d is not a trailer record (T).") % {"line": len(records)}
            )
        result = ResultFile(
            batch_id=header["batch"] if header else 0,
            institution_code=header["institution"] if header else "",
            month=header["month"] if header else "",
        )
        if trailer:
            result.trailer_count = trailer["count"]
            result.trailer_total = trailer["total"]
            result.trailer_paid_count = trailer["paid_count"]
            result.trailer_paid_total = trailer["paid_total"]
        for number, record in enumerate(records[1:-1], start=2):
            values = _fields(DATA, record, number, errors)
            if values is None:
                continue
            if values["type"] != "D":
                errors.append(
                    _("Line %(line)d is not a data record (D).") % {"line": number}
                )
                continue
            if values["flag"] not in ("Y", "N"):
                errors.append(
                    _("Line %(line)d has no result (Y or N).") % {"line": number}
                )
                continue
            result.lines.append(
                ResultLine(
                    line_number=number,
                    sequence=values["sequence"],
                    member_number=values["member"],
                    amount=values["amount"],
                    paid=values["flag"] == "Y",
                    code=values["code"],
                )
            )
        if errors:
            raise LayoutError(errors)
        return result


def result_file(info: BatchInfo, results: list[tuple[RequestLine, bool, str]]) -> bytes:
    """The agency's answer to a request file, in this layout: for tests and for
    checking the import against a hand-made file. ``results`` is (line, paid,
    code) per request."""
    layout = NkhrFixedLayout()
    records = layout.write_requests(info, [line for line, _p, _c in results])
    lines = records.split(b"\r\n")[:-1]
    out = [lines[0]]
    for record, (_line, paid, code) in zip(lines[1:-1], results, strict=True):
        out.append(
            record[:89]
            + (b"Y" if paid else b"N")
            + code.encode().ljust(4)[:4]
            + record[94:]
        )
    paid_lines = [line for line, paid, _c in results if paid]
    out.append(
        _record(
            TRAILER,
            {
                "type": "T",
                "count": len(results),
                "total": sum(line.amount for line, _p, _c in results),
                "paid_count": len(paid_lines),
                "paid_total": sum(line.amount for line in paid_lines),
            },
        )
    )
    return b"".join(record + b"\r\n" for record in out)
