"""Staff import and export of the subscriber list as CSV.

An import is all or nothing: every row is checked first, and a file with any
bad row changes nothing and reports each problem with its line number.
Importing the same file twice changes nothing the second time, and an import
never re-subscribes someone who unsubscribed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from nkhr_pages.csv_export import csv_lines

from .headers import has_line_break
from .lists import MailingList
from .models import Subscriber, Subscription, normalise_email

REQUIRED_COLUMNS = ("email", "lists")
COLUMNS = ("email", "name", "language", "lists", "organisation")
LIST_ALIASES = {
    "ko_bimonthly": MailingList.KOREAN_BIMONTHLY,
    "ko": MailingList.KOREAN_BIMONTHLY,
    "korean": MailingList.KOREAN_BIMONTHLY,
    "en_fnn": MailingList.ENGLISH_FNN,
    "fnn": MailingList.ENGLISH_FNN,
    "en": MailingList.ENGLISH_FNN,
    "english": MailingList.ENGLISH_FNN,
}
LANGUAGES = {"en", "ko"}


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class ImportFailed(Exception):
    """The file was rejected; nothing was imported."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(error) for error in errors[:20]))
        self.errors = errors


@dataclass(frozen=True)
class ImportRow:
    line: int
    email: str
    name: str
    language: str
    lists: tuple[str, ...]
    organisation: str


@dataclass
class ImportResult:
    rows: int = 0
    subscribers_created: int = 0
    subscriptions_added: int = 0
    unchanged: int = 0
    kept_unsubscribed: list[str] = field(default_factory=list)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), or CP949 as Korean spreadsheets save it."""
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed([RowError(1, "the file is neither UTF-8 nor CP949 text")])


def _parse_lists(raw: str) -> tuple[set[str], list[str]]:
    values, unknown = set(), []
    for part in raw.replace(";", " ").replace(",", " ").split():
        value = LIST_ALIASES.get(part.strip().lower())
        if value is None:
            unknown.append(part)
        else:
            values.add(str(value))
    return values, unknown


def parse_rows(text: str) -> list[ImportRow]:
    """Check every row; raise ``ImportFailed`` listing every problem."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ImportFailed(
            [RowError(1, f"the header row lacks the column(s): {', '.join(missing)}")]
        )
    reader.fieldnames = header
    rows: list[ImportRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for record in reader:
        line = reader.line_num
        if None in record:
            errors.append(RowError(line, "more values than columns"))
            continue
        values = {key: (value or "").strip() for key, value in record.items()}
        if not any(values.values()):
            continue  # blank line
        problems = []
        email = normalise_email(values.get("email", ""))
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"{values.get('email')!r} is not a valid email address")
        if email in seen:
            problems.append(f"{email} is already on line {seen[email]}")
        lists, unknown = _parse_lists(values.get("lists", ""))
        if unknown:
            problems.append(f"unknown list(s): {', '.join(unknown)}")
        elif not lists:
            problems.append("no list given (ko_bimonthly, en_fnn or both)")
        language = values.get("language", "").lower()
        if language and language not in LANGUAGES:
            problems.append(f"language must be en or ko, not {language!r}")
        name, organisation = values.get("name", ""), values.get("organisation", "")
        if has_line_break(name) or has_line_break(organisation):
            problems.append("name and organisation must be on one line")
        if len(name) > 200 or len(organisation) > 200:
            problems.append("name and organisation have at most 200 characters")
        if problems:
            errors.append(RowError(line, "; ".join(problems)))
            continue
        seen[email] = line
        if not language:
            language = "ko" if lists == {MailingList.KOREAN_BIMONTHLY} else "en"
        rows.append(
            ImportRow(line, email, name, language, tuple(sorted(lists)), organisation)
        )
    if errors:
        raise ImportFailed(errors)
    return rows


def import_subscribers(data: bytes | str) -> ImportResult:
    """Import a CSV file of existing subscribers (already opted in)."""
    text = decode(data) if isinstance(data, bytes) else data
    rows = parse_rows(text)
    result = ImportResult(rows=len(rows))
    now = timezone.now()
    with transaction.atomic():
        for row in rows:
            subscriber, created = Subscriber.objects.get_or_create(
                email=row.email,
                defaults={
                    "name": row.name,
                    "language": row.language,
                    "organisation": row.organisation,
                },
            )
            result.subscribers_created += int(created)
            changed = created
            for mailing_list in row.lists:
                subscription, added = Subscription.objects.get_or_create(
                    subscriber=subscriber,
                    mailing_list=mailing_list,
                    defaults={
                        "status": Subscription.Status.ACTIVE,
                        "source": Subscription.Source.IMPORT,
                        "confirmed_at": now,
                    },
                )
                if added:
                    result.subscriptions_added += 1
                    changed = True
                elif subscription.status == Subscription.Status.PENDING:
                    subscription.status = Subscription.Status.ACTIVE
                    subscription.confirmed_at = now
                    subscription.save(update_fields=["status", "confirmed_at"])
                    result.subscriptions_added += 1
                    changed = True
                elif subscription.status == Subscription.Status.UNSUBSCRIBED:
                    result.kept_unsubscribed.append(row.email)
            result.unchanged += int(not changed)
    return result


EXPORT_COLUMNS = (*COLUMNS, "ko_bimonthly", "en_fnn", "created")


def export_rows() -> Iterator[list[str]]:
    """The header, then one row per subscriber; import-compatible columns first."""
    yield list(EXPORT_COLUMNS)
    subscribers = Subscriber.objects.order_by("email").prefetch_related("subscriptions")
    for subscriber in subscribers.iterator(chunk_size=1000):
        statuses = {s.mailing_list: s.status for s in subscriber.subscriptions.all()}
        active = [
            value
            for value, status in sorted(statuses.items())
            if status == Subscription.Status.ACTIVE
        ]
        yield [
            subscriber.email,
            subscriber.name,
            subscriber.language,
            ";".join(active),
            subscriber.organisation,
            statuses.get(MailingList.KOREAN_BIMONTHLY, ""),
            statuses.get(MailingList.ENGLISH_FNN, ""),
            subscriber.created_at.isoformat(),
        ]


def export_csv_lines(rows: Iterable[list[str]] | None = None) -> Iterator[str]:
    """CSV text, line by line (for streaming responses and files), through the
    escaping writer that keeps a name typed in from running as a formula."""
    yield from csv_lines(rows if rows is not None else export_rows())
