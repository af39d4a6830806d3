"""The record of a media coverage CSV import run as a background task: what the
admin shows while it runs, and what tells whether it finished."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MediaCoverageImport(models.Model):
    """One checked CSV file being imported into one media coverage index page.

    The file was checked in full before this record was made; the task writes
    it in short transactions. If the task stops midway the state says so, and
    running it again continues: rows already imported are skipped.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Stopped")

    index_page = models.ForeignKey(
        "nkhr_pages.MediaCoverageIndexPage",
        verbose_name=_("imported into"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    # Kept until the import is done, so that a stopped import can run again.
    csv_text = models.TextField(blank=True, editable=False)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.QUEUED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    skipped = models.PositiveIntegerField(_("already there"), default=0)
    error = models.TextField(_("error"), blank=True)
    # The django-tasks result id of the task that claimed the import. When a
    # worker dies, ``recover_tasks`` puts that very task back in the queue: it
    # finds the import still running under its own id and continues it.
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last progress"), auto_now=True)

    class Meta:
        verbose_name = _("media coverage import")
        verbose_name_plural = _("media coverage imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name or f"#{self.pk}"

    @property
    def in_progress(self) -> bool:
        return self.state in {self.State.QUEUED, self.State.RUNNING}

    @property
    def processed(self) -> int:
        return self.created + self.skipped
