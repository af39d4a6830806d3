"""Workflows behind the admin and management commands.

``MediaCoverageImporter`` is shared by ``manage.py import_media_coverage`` and
the upload form in the Wagtail admin: it validates the whole file first and
writes nothing unless every row is good, then creates the pages in one
transaction. Rows already imported (same link, or same date + outlet +
headline) are skipped, so importing a file twice creates nothing new.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale

from .models import CampaignPage, MediaCoverageIndexPage, MediaCoveragePage, Outlet

Progress = Callable[[str], None]


@dataclass(frozen=True)
class RowError:
    """A problem with one line of the file (line 1 is the header)."""

    line: int
    message: str

    def __str__(self) -> str:
        return _("line %(line)s: %(message)s") % {
            "line": self.line,
            "message": self.message,
        }


@dataclass(frozen=True)
class CoverageRow:
    line: int
    date: datetime.date
    outlet: str
    headline: str
    link: str = ""
    language: str = "ko"
    summary: str = ""
    campaign: str = ""
    translations: tuple[tuple[str, str], ...] = ()  # (language code, headline)

    @property
    def natural_key(self) -> tuple:
        # The link identifies an article best; clippings without one are known
        # by date, outlet and headline.
        if self.link:
            return ("link", self.link)
        return ("text", self.date, self.outlet, self.headline)


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class MediaCoverageImporter:
    """Import clippings from CSV into one media coverage index page.

    Columns: ``date`` (YYYY-MM-DD), ``outlet``, ``headline`` (required);
    ``link``, ``language`` (``en``/``ko``), ``summary``, ``campaign`` (slug of a
    campaign in the same language tree) and ``headline_<code>`` (the headline of
    the translation into that language, e.g. ``headline_ko``) are optional.
    """

    REQUIRED_COLUMNS = ("date", "outlet", "headline")
    OPTIONAL_COLUMNS = ("link", "language", "summary", "campaign")
    MAX_HEADLINE = 255

    def __init__(
        self, index_page: MediaCoverageIndexPage, progress: Progress | None = None
    ):
        self.index_page = index_page
        self.progress = progress or (lambda message: None)
        self.languages = [code for code, _name in settings.LANGUAGES]
        self.translation_columns = {
            f"headline_{code}": code
            for code in self.languages
            if code != index_page.locale.language_code
        }

    # --- reading and validation -------------------------------------------

    def parse(
        self, source: IO[bytes] | IO[str] | bytes | str
    ) -> tuple[list[CoverageRow], list[RowError]]:
        """Every row of the file, or every error (by line number) it contains."""
        try:
            text = source.read() if hasattr(source, "read") else source
            if isinstance(text, bytes):
                text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [], [RowError(0, _("the file is not UTF-8 encoded text"))]
        reader = csv.DictReader(io.StringIO(text, newline=""))
        columns = [name.strip() for name in reader.fieldnames or []]
        missing = [name for name in self.REQUIRED_COLUMNS if name not in columns]
        if missing:
            return [], [
                RowError(
                    1,
                    _("the header must name the columns %(columns)s")
                    % {"columns": ", ".join(missing)},
                )
            ]
        reader.fieldnames = columns
        campaigns = set(
            CampaignPage.objects.filter(
                locale_id=self.index_page.locale_id
            ).values_list("slug", flat=True)
        )
        rows: list[CoverageRow] = []
        errors: list[RowError] = []
        seen: dict[tuple, int] = {}
        try:
            for record in reader:
                line = reader.line_num
                if not any((value or "").strip() for value in record.values()):
                    continue  # blank lines are harmless
                row, row_errors = self._parse_record(line, record, campaigns)
                errors += row_errors
                if row is None:
                    continue
                if row.natural_key in seen:
                    errors.append(
                        RowError(
                            line,
                            _("repeats line %(line)s")
                            % {"line": seen[row.natural_key]},
                        )
                    )
                    continue
                seen[row.natural_key] = line
                rows.append(row)
        except csv.Error as error:
            errors.append(RowError(reader.line_num, _("unreadable CSV: %s") % error))
        if not rows and not errors:
            errors.append(RowError(1, _("the file has no rows")))
        return rows, errors

    def _parse_record(
        self, line: int, record: dict, campaigns: set[str]
    ) -> tuple[CoverageRow | None, list[RowError]]:
        if None in record:  # more cells than columns
            return None, [RowError(line, _("this row has more cells than the header"))]
        value = {key: (cell or "").strip() for key, cell in record.items()}
        problems: list[str] = []
        date = None
        try:
            date = datetime.date.fromisoformat(value["date"])
        except ValueError:
            problems.append(
                _("date “%(value)s” is not a date like 2024-11-29")
                % {"value": value["date"]}
            )
        if not value["outlet"]:
            problems.append(_("the outlet is missing"))
        elif len(value["outlet"]) > 255:
            problems.append(_("the outlet name is longer than 255 characters"))
        if not value["headline"]:
            problems.append(_("the headline is missing"))
        elif len(value["headline"]) > self.MAX_HEADLINE:
            problems.append(_("the headline is longer than 255 characters"))
        link = value.get("link", "")
        if link:
            try:
                URLValidator(schemes=["http", "https"])(link)
            except ValidationError:
                problems.append(
                    _("link “%(value)s” is not a web address") % {"value": link}
                )
        language = value.get("language") or self.index_page.locale.language_code
        if language not in self.languages:
            problems.append(
                _("language “%(value)s” is not one of %(choices)s")
                % {"value": language, "choices": ", ".join(self.languages)}
            )
        campaign = value.get("campaign", "")
        if campaign and campaign not in campaigns:
            problems.append(_("there is no campaign “%(value)s”") % {"value": campaign})
        translations = []
        for column, code in self.translation_columns.items():
            headline = value.get(column, "")
            if len(headline) > self.MAX_HEADLINE:
                problems.append(
                    _("%(column)s is longer than 255 characters") % {"column": column}
                )
            elif headline:
                translations.append((code, headline))
        if problems:
            return None, [RowError(line, problem) for problem in problems]
        return (
            CoverageRow(
                line=line,
                date=date,
                outlet=value["outlet"],
                headline=value["headline"],
                link=link,
                language=language,
                summary=value.get("summary", ""),
                campaign=campaign,
                translations=tuple(translations),
            ),
            [],
        )

    # --- writing ------------------------------------------------------------

    def existing_keys(self) -> set[tuple]:
        keys: set[tuple] = set()
        for date, outlet, headline, link in MediaCoveragePage.objects.child_of(
            self.index_page
        ).values_list("publication_date", "outlet__name", "title", "link"):
            keys.add(("text", date, outlet, headline))
            if link:
                keys.add(("link", link))
        return keys

    def run(self, source: IO[bytes] | IO[str] | bytes | str) -> ImportResult:
        """Validate everything, then import all new rows or nothing."""
        rows, errors = self.parse(source)
        if errors:
            return ImportResult(errors=errors)
        existing = self.existing_keys()
        new_rows = [row for row in rows if row.natural_key not in existing]
        result = ImportResult(skipped=len(rows) - len(new_rows))
        self.progress(
            _("%(total)s rows: %(new)s new, %(skipped)s already imported")
            % {"total": len(rows), "new": len(new_rows), "skipped": result.skipped}
        )
        with transaction.atomic():
            self._write(new_rows, result)
        return result

    def _write(self, rows: Iterable[CoverageRow], result: ImportResult) -> None:
        rows = list(rows)
        locale = self.index_page.locale
        outlets = {o.name: o for o in Outlet.objects.filter(locale=locale)}
        campaigns = {c.slug: c for c in CampaignPage.objects.filter(locale=locale)}
        slugs = set(self.index_page.get_children().values_list("slug", flat=True))
        index_translations = {
            page.locale.language_code: page
            for page in self.index_page.get_translations().select_related("locale")
        }
        for number, row in enumerate(rows, start=1):
            outlet = outlets.get(row.outlet)
            if outlet is None:
                outlet = outlets[row.outlet] = Outlet.objects.create(
                    name=row.outlet, locale=locale
                )
            page = MediaCoveragePage(
                title=row.headline,
                slug=self._unique_slug(row, slugs),
                publication_date=row.date,
                outlet=outlet,
                link=row.link,
                article_language=row.language,
                summary=row.summary,
                locale=locale,
            )
            self.index_page.add_child(instance=page)
            if row.campaign:
                page.related_campaigns.add(campaigns[row.campaign])
                page.save()
            page.save_revision().publish()
            for code, headline in row.translations:
                if code in index_translations:
                    self._translate(
                        page, Locale.objects.get(language_code=code), headline
                    )
            result.created += 1
            self.progress(
                _("[%(number)s/%(total)s] %(date)s %(outlet)s: %(headline)s")
                % {
                    "number": number,
                    "total": len(rows),
                    "date": row.date.isoformat(),
                    "outlet": row.outlet,
                    "headline": row.headline,
                }
            )

    def _translate(
        self, page: MediaCoveragePage, locale: Locale, headline: str
    ) -> None:
        translation = page.copy_for_translation(locale, copy_parents=False, alias=False)
        translation.title = headline
        # Point at the outlet's translation where one exists.
        translated_outlet = page.outlet.get_translation_or_none(locale)
        if translated_outlet is not None:
            translation.outlet = translated_outlet
        translation.save()
        translation.save_revision().publish()

    @staticmethod
    def _unique_slug(row: CoverageRow, taken: set[str]) -> str:
        base = slugify(f"{row.date.isoformat()} {row.outlet} {row.headline}")[:70]
        base = base.strip("-") or row.date.isoformat()
        slug, suffix = base, 2
        while slug in taken:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(slug)
        return slug
