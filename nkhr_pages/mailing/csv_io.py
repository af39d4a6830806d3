"""Staff import and export of the subscriber list as CSV.

An import checks the whole file first: a file with any bad row changes nothing
and reports its problems by line number (the first ones in full, all of them
counted by kind). A good file is then written in short transactions of
``BATCH_SIZE`` rows, so an import never holds the database for the whole file;
if one is interrupted, importing the same file again completes it. Importing
the same file twice changes nothing the second time, and an import never
re-subscribes someone who unsubscribed.

Limits: ``nkhr_pages.csv_upload`` (file size, value length) and
``NKHR_MAILING_IMPORT_MAX_ROWS`` (default 50,000 rows).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nkhr_pages.csv_export import csv_lines
from nkhr_pages.csv_upload import (
    KIND_FILE,
    CsvRefused,
    ErrorSummary,
    LineError,
    read_records,
)

from .headers import has_line_break
from .lists import MailingList
from .models import Subscriber, Subscription, normalise_email

REQUIRED_COLUMNS = ("email", "lists")
COLUMNS = ("email", "name", "language", "lists", "organisation")
# Columns of the export that an import reads past (so an export imports as is).
EXPORT_ONLY_COLUMNS = ("ko_bimonthly", "en_fnn", "created")
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
DEFAULT_MAX_ROWS = 50_000
BATCH_SIZE = 500

KIND_EMAIL = gettext_lazy("invalid email address")
KIND_REPEATED = gettext_lazy("address repeated")
KIND_LISTS = gettext_lazy("unknown or missing list")
KIND_LANGUAGE = gettext_lazy("unknown language")
KIND_NAME = gettext_lazy("name or organisation")

RowError = LineError  # a problem on one line of the file


def max_rows() -> int:
    return int(getattr(settings, "NKHR_MAILING_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


class ImportFailed(Exception):
    """The file was rejected; nothing was imported."""

    def __init__(self, summary: ErrorSummary):
        self.summary = summary
        self.errors: list[LineError] = summary.shown
        super().__init__("; ".join(str(error) for error in self.errors[:20]))

    @classmethod
    def single(cls, line: int, message: str) -> ImportFailed:
        summary = ErrorSummary()
        summary.add(line, message, KIND_FILE)
        return cls(summary)


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
    raise ImportFailed.single(1, _("the file is neither UTF-8 nor CP949 text"))


def _parse_lists(raw: str) -> tuple[set[str], list[str]]:
    values, unknown = set(), []
    for part in raw.replace(";", " ").replace(",", " ").split():
        value = LIST_ALIASES.get(part.strip().lower())
        if value is None:
            unknown.append(part)
        else:
            values.add(str(value))
    return values, unknown


def _check_row(
    values: dict[str, str], seen: dict[str, int]
) -> tuple[str, list[tuple[str, str]]]:
    """The normalised address and the row's problems as ``(kind, message)``."""
    problems: list[tuple[str, str]] = []
    email = normalise_email(values["email"])
    try:
        validate_email(email)
    except ValidationError:
        message = _("%(value)r is not a valid email address")
        problems.append((KIND_EMAIL, message % {"value": values["email"]}))
    if email in seen:
        problems.append(
            (
                KIND_REPEATED,
                _("%(email)s is already on line %(line)s")
                % {"email": email, "line": seen[email]},
            )
        )
    lists, unknown = _parse_lists(values["lists"])
    if unknown:
        problems.append(
            (
                KIND_LISTS,
                _("unknown list(s): %(lists)s") % {"lists": ", ".join(unknown)},
            )
        )
    elif not lists:
        problems.append((KIND_LISTS, _("no list given (ko_bimonthly, en_fnn or both)")))
    language = values["language"].lower()
    if language and language not in LANGUAGES:
        problems.append(
            (
                KIND_LANGUAGE,
                _("language must be en or ko, not %(value)r") % {"value": language},
            )
        )
    name, organisation = values["name"], values["organisation"]
    if has_line_break(name) or has_line_break(organisation):
        problems.append((KIND_NAME, _("name and organisation must be on one line")))
    if len(name) > 200 or len(organisation) > 200:
        problems.append(
            (KIND_NAME, _("name and organisation have at most 200 characters"))
        )
    return email, problems


def parse_rows(text: str) -> list[ImportRow]:
    """Check every row; raise ``ImportFailed`` summarising every problem."""
    errors = ErrorSummary()
    rows: list[ImportRow] = []
    seen: dict[str, int] = {}
    try:
        records = read_records(
            text,
            known=COLUMNS + EXPORT_ONLY_COLUMNS,
            required=REQUIRED_COLUMNS,
            max_rows=max_rows(),
            errors=errors,
        )
        for line, record in records:
            values = {column: record.get(column, "") for column in COLUMNS}
            email, problems = _check_row(values, seen)
            if problems:
                message = "; ".join(message for _kind, message in problems)
                errors.add(line, message, problems[0][0])
                continue
            seen[email] = line
            lists, _unknown = _parse_lists(values["lists"])
            language = values["language"].lower()
            if not language:
                language = "ko" if lists == {MailingList.KOREAN_BIMONTHLY} else "en"
            rows.append(
                ImportRow(
                    line,
                    email,
                    values["name"],
                    language,
                    tuple(sorted(lists)),
                    values["organisation"],
                )
            )
    except CsvRefused as exc:
        raise ImportFailed.single(1, exc.message) from exc
    if errors:
        raise ImportFailed(errors)
    return rows


def import_subscribers(data: bytes | str) -> ImportResult:
    """Import a CSV file of existing subscribers (already opted in)."""
    text = decode(data) if isinstance(data, bytes) else data
    rows = parse_rows(text)
    result = ImportResult(rows=len(rows))
    for start in range(0, len(rows), BATCH_SIZE):
        # One short transaction per batch: other requests get the database in
        # between, and a batch is never half-written.
        with transaction.atomic():
            _import_batch(rows[start : start + BATCH_SIZE], result)
    return result


def _import_batch(rows: list[ImportRow], result: ImportResult) -> None:
    now = timezone.now()
    emails = [row.email for row in rows]
    known = set(
        Subscriber.objects.by_emails(emails).values_list("email_key", flat=True)
    )
    new = [
        Subscriber(
            email=row.email,
            name=row.name,
            language=row.language,
            organisation=row.organisation,
        )
        for row in rows
        if row.email not in known
    ]
    # A sign-up for the same address at this moment wins; the row then finds it.
    Subscriber.objects.bulk_create(new, ignore_conflicts=True)
    created = {subscriber.email for subscriber in new}
    result.subscribers_created += len(new)
    subscribers = {
        subscriber.email_key: subscriber.pk
        for subscriber in Subscriber.objects.by_emails(emails).only("email")
    }
    existing = {
        (subscription.subscriber_id, subscription.mailing_list): subscription
        for subscription in Subscription.objects.filter(
            subscriber_id__in=subscribers.values()
        )
    }
    to_create, to_activate = [], []
    for row in rows:
        subscriber_id = subscribers[row.email]
        changed = row.email in created
        for mailing_list in row.lists:
            subscription = existing.get((subscriber_id, mailing_list))
            if subscription is None:
                to_create.append(
                    Subscription(
                        subscriber_id=subscriber_id,
                        mailing_list=mailing_list,
                        status=Subscription.Status.ACTIVE,
                        source=Subscription.Source.IMPORT,
                        confirmed_at=now,
                    )
                )
                changed = True
            elif subscription.status == Subscription.Status.PENDING:
                subscription.status = Subscription.Status.ACTIVE
                subscription.confirmed_at = now
                subscription.confirmation_nonce = ""
                to_activate.append(subscription)
                changed = True
            elif subscription.status == Subscription.Status.UNSUBSCRIBED:
                result.kept_unsubscribed.append(row.email)
        result.unchanged += int(not changed)
    Subscription.objects.bulk_create(to_create, ignore_conflicts=True)
    Subscription.objects.bulk_update(
        to_activate, ["status", "confirmed_at", "confirmation_nonce"]
    )
    result.subscriptions_added += len(to_create) + len(to_activate)


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
