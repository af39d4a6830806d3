"""Wagtail admin views: the media coverage CSV import and the consent report."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.chooser import BrowseView
from wagtail.admin.views.reports import ReportView
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from .csv_export import EscapedCsvExportMixin
from .forms import MediaCoverageImportForm, media_coverage_import_targets
from .image_consent import CONSENT_WARNING_DAYS
from .models import MediaCoverageImport
from .services import (
    MediaCoverageImporter,
    can_run_again,
    notice_lost_worker,
    queue_again,
)
from .tasks import import_media_coverage_task


def import_media_coverage(request):
    """Upload form. The whole file is checked here: on errors nothing is
    written and a summary is shown; a good file is imported by a background
    task whose progress the next page shows."""
    if not media_coverage_import_targets(request.user).exists():
        raise PermissionDenied
    form = MediaCoverageImportForm(
        request.POST or None, request.FILES or None, user=request.user
    )
    summary = None
    if request.method == "POST" and form.is_valid():
        # The form offers only the sections the user may add to.
        index_page = form.cleaned_data["index_page"]
        upload = form.cleaned_data["csv_file"]
        data = upload.read()
        rows, summary = MediaCoverageImporter(index_page).parse(data)
        if not summary:
            job = MediaCoverageImport.objects.create(
                index_page=index_page,
                created_by=request.user,
                file_name=upload.name[:255],
                csv_text=data.decode("utf-8-sig"),
                total_rows=len(rows),
            )
            import_media_coverage_task.enqueue(job.pk)
            return redirect("nkhr_pages_media_coverage_import", job.pk)
    return TemplateResponse(
        request,
        "nkhr_pages/admin/import_media_coverage.html",
        {"form": form, "summary": summary},
        status=400 if summary else 200,
    )


def media_coverage_import(request, pk: int):
    """The state of one import; a stopped one can be run again."""
    job = get_object_or_404(
        MediaCoverageImport.objects.select_related("index_page"), pk=pk
    )
    if not job.index_page.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    if request.method == "POST":
        if queue_again(job):
            import_media_coverage_task.enqueue(job.pk)
            messages.success(request, _("The import was started again."))
        return redirect("nkhr_pages_media_coverage_import", job.pk)
    job.refresh_from_db()
    job = notice_lost_worker(job)
    return TemplateResponse(
        request,
        "nkhr_pages/admin/media_coverage_import.html",
        {"job": job, "can_run_again": can_run_again(job)},
    )


def consent_ends_text(ends_on: datetime.date, today: datetime.date) -> str:
    """ "17 December 2026 (10 days left)" in the admin user's language: the date
    itself, as a relative time ("Just now") said nothing about a future date."""
    days = (ends_on - today).days
    if days > 0:
        left = ngettext("%(days)d day left", "%(days)d days left", days)
    elif days == 0:
        left = _("ends today")
    else:
        days = -days
        left = ngettext("ended %(days)d day ago", "ended %(days)d days ago", days)
    return f"{date_format(ends_on)} ({left % {'days': days}})"


class ConsentEndsColumn(Column):
    def get_value(self, instance) -> str:
        ends_on = super().get_value(instance)
        return consent_ends_text(ends_on, timezone.localdate()) if ends_on else ""


class ConsentExpiringReportView(EscapedCsvExportMixin, ReportView):
    """Images whose consent ends soon (or has ended), so staff can renew or
    replace them; expired ones are already hidden on the public site."""

    page_title = gettext_lazy("Image consent expiring")
    header_icon = "image"
    index_url_name = "nkhr_pages_consent_report"
    index_results_url_name = "nkhr_pages_consent_report_results"
    any_permission_required = ["add", "change"]
    list_export = ["title", "consent_given_by", "consent_expires_on"]
    export_headings = {
        "title": gettext_lazy("Title"),
        "consent_given_by": gettext_lazy("Consent given by"),
        "consent_expires_on": gettext_lazy("Consent expires on"),
    }

    @property
    def permission_policy(self):
        return policy_registry.get_by_type(get_image_model())

    @property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Title"),
                get_url=lambda image: reverse("wagtailimages:edit", args=[image.pk]),
            ),
            Column("consent_given_by", label=_("Consent given by")),
            ConsentEndsColumn("consent_expires_on", label=_("Consent expires on")),
        ]

    def get_filename(self) -> str:
        return f"image-consent-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        today = timezone.localdate()
        return (
            get_image_model()
            .objects.filter(
                do_not_identify=False,
                consent_expires_on__lte=today
                + datetime.timedelta(days=CONSENT_WARNING_DAYS),
            )
            .order_by("consent_expires_on", "title")
        )


def choose_page_from(request, start_page_id: int, parent_page_id: int | None = None):
    """Wagtail's page chooser, browsing ``start_page_id`` until the editor moves
    elsewhere (nkhr_pages.page_forms.StartingPageChooser)."""
    return BrowseView.as_view()(request, parent_page_id=parent_page_id or start_page_id)
