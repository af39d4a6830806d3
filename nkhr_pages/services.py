"""Workflows behind the admin and management commands.

``MediaCoverageImporter`` is shared by ``manage.py import_media_coverage`` and
the upload form in the Wagtail admin: it validates the whole file first and
writes nothing unless every row is good. It then creates the pages in short
transactions of ``batch_size`` rows (the admin in a background task, see
``run_import_job``), so the database is never held for the whole file and no
row is ever half-written. Rows already imported (same link, or same date +
outlet + headline) are skipped, so importing a file twice creates nothing new,
and running an import that stopped midway again completes it.

Limits: ``nkhr_pages.csv_upload`` (file size, value length) and
``NKHR_MEDIA_COVERAGE_IMPORT_MAX_ROWS`` (default 5,000 rows).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from .csv_upload import KIND_FILE, CsvRefused, ErrorSummary, LineError, read_records
from .models import (
    CampaignPage,
    MediaCoverageImport,
    MediaCoverageIndexPage,
    MediaCoveragePage,
    Outlet,
)

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]
RowError = LineError  # a problem with one line of the file (line 1 is the header)

DEFAULT_MAX_ROWS = 5_000
KIND_ROW = gettext_lazy("wrong value")
KIND_REPEATED = gettext_lazy("row repeated")


def max_rows() -> int:
    return int(
        getattr(settings, "NKHR_MEDIA_COVERAGE_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)
    )


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
    published_headline: str = ""
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
    summary: ErrorSummary = field(default_factory=ErrorSummary)

    @property
    def errors(self) -> list[LineError]:
        """The first problems in full (``summary`` counts all of them)."""
        return self.summary.shown

    @property
    def ok(self) -> bool:
        return not self.summary


class MediaCoverageImporter:
    """Import clippings from CSV into one media coverage index page.

    Columns: ``date`` (YYYY-MM-DD), ``outlet``, ``headline`` (required);
    ``link``, ``language`` (``en``/``ko``), ``summary``, ``campaign`` (slug of a
    campaign in the same language tree) and ``headline_<code>`` (the headline of
    the translation into that language, e.g. ``headline_ko``) are optional.
    ``published_headline`` is the outlet's own headline when ``headline`` is a
    translation of it; a row whose ``language`` is the section's own takes its
    ``headline`` as published.
    """

    REQUIRED_COLUMNS = ("date", "outlet", "headline")
    OPTIONAL_COLUMNS = ("link", "language", "summary", "campaign", "published_headline")
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
    ) -> tuple[list[CoverageRow], ErrorSummary]:
        """Every row of the file, or a summary of its problems (by line number)."""
        errors = ErrorSummary()
        try:
            text = source.read() if hasattr(source, "read") else source
            if isinstance(text, bytes):
                text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            errors.add(0, _("the file is not UTF-8 encoded text"), KIND_FILE)
            return [], errors
        campaigns = set(
            CampaignPage.objects.filter(
                locale_id=self.index_page.locale_id
            ).values_list("slug", flat=True)
        )
        rows: list[CoverageRow] = []
        seen: dict[tuple, int] = {}
        try:
            records = read_records(
                text,
                known=(
                    *self.REQUIRED_COLUMNS,
                    *self.OPTIONAL_COLUMNS,
                    *self.translation_columns,
                ),
                required=self.REQUIRED_COLUMNS,
                max_rows=max_rows(),
                errors=errors,
            )
            for line, record in records:
                row, problems = self._parse_record(line, record, campaigns)
                for problem in problems:
                    errors.add(problem.line, problem.message, KIND_ROW)
                if row is None:
                    continue
                if row.natural_key in seen:
                    errors.add(
                        line,
                        _("repeats line %(line)s") % {"line": seen[row.natural_key]},
                        KIND_REPEATED,
                    )
                    continue
                seen[row.natural_key] = line
                rows.append(row)
        except CsvRefused as exc:
            errors.add(1, exc.message, KIND_FILE)
            return [], errors
        if not rows and not errors:
            errors.add(1, _("the file has no rows"), KIND_FILE)
        return rows, errors

    def _parse_record(
        self, line: int, record: dict, campaigns: set[str]
    ) -> tuple[CoverageRow | None, list[RowError]]:
        value = record  # every known column, trimmed (see ``read_records``)
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
        published_headline = value.get("published_headline", "")
        if not published_headline and language == self.index_page.locale.language_code:
            published_headline = value["headline"]
        if len(published_headline) > self.MAX_HEADLINE:
            problems.append(_("published_headline is longer than 255 characters"))
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
                published_headline=published_headline,
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

    batch_size = 50  # rows per transaction: pages, revisions and translations

    def run(
        self,
        source: IO[bytes] | IO[str] | bytes | str,
        on_batch: Callable[[ImportResult], None] | None = None,
    ) -> ImportResult:
        """Validate everything; if every row is good, import the new ones."""
        rows, errors = self.parse(source)
        if errors:
            return ImportResult(summary=errors)
        return self.apply(rows, on_batch)

    def apply(
        self,
        rows: list[CoverageRow],
        on_batch: Callable[[ImportResult], None] | None = None,
    ) -> ImportResult:
        """Create the pages of checked rows not imported yet, ``batch_size``
        rows per transaction (``on_batch`` is told after each one)."""
        existing = self.existing_keys()
        new_rows = [row for row in rows if row.natural_key not in existing]
        result = ImportResult(skipped=len(rows) - len(new_rows))
        self.progress(
            _("%(total)s rows: %(new)s new, %(skipped)s already imported")
            % {"total": len(rows), "new": len(new_rows), "skipped": result.skipped}
        )
        for start in range(0, len(new_rows), self.batch_size):
            with transaction.atomic():
                self._write(
                    new_rows[start : start + self.batch_size],
                    result,
                    offset=start,
                    total=len(new_rows),
                )
            if on_batch is not None:
                on_batch(result)
        return result

    def _write(
        self,
        rows: Iterable[CoverageRow],
        result: ImportResult,
        offset: int = 0,
        total: int | None = None,
    ) -> None:
        rows = list(rows)
        total = len(rows) if total is None else total
        locale = self.index_page.locale
        outlets = {o.name: o for o in Outlet.objects.filter(locale=locale)}
        campaigns = {c.slug: c for c in CampaignPage.objects.filter(locale=locale)}
        slugs = set(self.index_page.get_children().values_list("slug", flat=True))
        target_locales = {
            page.locale.language_code: page.locale
            for page in self.index_page.get_translations().select_related("locale")
        }
        for number, row in enumerate(rows, start=offset + 1):
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
                published_headline=row.published_headline,
                summary=row.summary,
                locale=locale,
            )
            self.index_page.add_child(instance=page)
            if row.campaign:
                page.related_campaigns.add(campaigns[row.campaign])
                page.save()
            page.save_revision().publish()
            for code, headline in row.translations:
                if code in target_locales:  # the index page exists in that language
                    self._translate(page, target_locales[code], headline)
            result.created += 1
            self.progress(
                _("[%(number)s/%(total)s] %(date)s %(outlet)s: %(headline)s")
                % {
                    "number": number,
                    "total": total,
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


def summary_text(summary: ErrorSummary) -> str:
    """A problem report short enough to store and show: the first problems,
    then how many of each kind."""
    lines = [str(error) for error in summary.shown[:20]]
    if summary.total > len(lines):
        lines.append(_("… %(count)s problems in all.") % {"count": summary.total})
    return "\n".join(lines)


def run_import_job(job: MediaCoverageImport, task_id: str = "") -> MediaCoverageImport:
    """Import a checked file recorded in ``job``, saving progress after every
    batch. Whatever stops it is recorded on the job (state ``failed``); running
    it again continues, as rows already imported are skipped.

    ``task_id`` is the id of the background task running it. A worker killed
    mid-import leaves the job ``running``; ``manage.py recover_tasks`` puts the
    same task back in the queue, and when it runs again it finds the job still
    claimed under its own id and continues it. Any other task for the job (a
    second click, an old task requeued after the editor ran the import again)
    leaves it alone."""

    def save(**fields) -> None:
        fields["updated_at"] = timezone.now()
        for name, value in fields.items():
            setattr(job, name, value)
        job.save(update_fields=list(fields))

    # Claim the job: of two tasks for it (a double click), only one runs.
    claimed = MediaCoverageImport.objects.filter(
        pk=job.pk, state=MediaCoverageImport.State.QUEUED
    ).update(
        state=MediaCoverageImport.State.RUNNING,
        task_id=task_id,
        updated_at=timezone.now(),
    )
    # Or take back the job this very task claimed before its worker died.
    resumed = (
        not claimed
        and task_id
        and MediaCoverageImport.objects.filter(
            pk=job.pk, state=MediaCoverageImport.State.RUNNING, task_id=task_id
        ).update(updated_at=timezone.now())
    )
    if not (claimed or resumed):
        return job
    if resumed:
        logger.warning(
            "Media coverage import %s: continued by task %s after its worker "
            "stopped (%s rows were imported before)",
            job.pk,
            task_id,
            job.created,
        )
    job.task_id = task_id
    save(state=MediaCoverageImport.State.RUNNING, started_at=timezone.now(), error="")
    importer = MediaCoverageImporter(job.index_page)
    try:
        rows, errors = importer.parse(job.csv_text)
        if errors:  # e.g. a campaign named in the file was deleted since
            save(
                state=MediaCoverageImport.State.FAILED,
                error=summary_text(errors),
                finished_at=timezone.now(),
            )
            return job
        save(total_rows=len(rows))
        result = importer.apply(
            rows,
            on_batch=lambda result: save(
                created=result.created, skipped=result.skipped
            ),
        )
    except Exception as exc:  # a background task: record why it stopped, then go on
        logger.exception("Media coverage import %s stopped", job.pk)
        save(
            state=MediaCoverageImport.State.FAILED,
            error=_("Stopped after %(created)s new items: %(error)s")
            % {"created": job.created, "error": exc},
            finished_at=timezone.now(),
        )
        return job
    save(
        state=MediaCoverageImport.State.DONE,
        created=result.created,
        skipped=result.skipped,
        csv_text="",  # nothing left to run again
        finished_at=timezone.now(),
    )
    return job


def notice_lost_worker(job: MediaCoverageImport) -> MediaCoverageImport:
    """Mark ``failed`` a job left ``running`` by a task that has ended: its
    workers died too often and ``recover_tasks`` gave it up (or it was stopped
    some other way). The editor then sees why, and can run it again."""
    from django_tasks.base import TaskResultStatus
    from django_tasks.exceptions import TaskException

    from .tasks import import_media_coverage_task

    if job.state != MediaCoverageImport.State.RUNNING or not job.task_id:
        return job
    try:
        result = import_media_coverage_task.get_result(job.task_id)
    except (TaskException, NotImplementedError):
        # Unknown to the queue (cleared), or a backend that keeps no results:
        # ``can_run_again`` still offers a restart once it makes no progress.
        return job
    if result.status not in {TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL}:
        return job  # waiting in the queue again, or running
    error = _(
        "Stopped after %(created)s new items: the background worker running "
        "the import stopped before it ended, and it was not started again."
    ) % {"created": job.created}
    now = timezone.now()
    if MediaCoverageImport.objects.filter(
        pk=job.pk, state=MediaCoverageImport.State.RUNNING, task_id=job.task_id
    ).update(
        state=MediaCoverageImport.State.FAILED,
        error=error,
        finished_at=now,
        updated_at=now,
    ):
        logger.warning(
            "Media coverage import %s: its task %s ended as %s with the import "
            "unfinished; marked failed",
            job.pk,
            job.task_id,
            result.status,
        )
        job.refresh_from_db()
    return job


STUCK_AFTER = datetime.timedelta(minutes=15)


def can_run_again(job: MediaCoverageImport) -> bool:
    """Stopped, or running without progress for a while (its worker died)."""
    if job.state == MediaCoverageImport.State.FAILED:
        return True
    return job.in_progress and job.updated_at < timezone.now() - STUCK_AFTER


def queue_again(job: MediaCoverageImport) -> bool:
    """Put a stopped import back in the queue; False when it is not stopped
    (or another click already did)."""
    if not can_run_again(job):
        return False
    return bool(
        MediaCoverageImport.objects.filter(
            pk=job.pk, state=job.state, updated_at=job.updated_at
        ).update(state=MediaCoverageImport.State.QUEUED, updated_at=timezone.now())
    )
