"""System checks: protected media must really be out of the web server's reach."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.urls import NoReverseMatch, reverse


@register(Tags.security)
def check_protected_media(app_configs=None, **kwargs) -> list[Error]:
    from .storage import PROTECTED_MEDIA_URL_NAME, consent_aware_storage

    errors = []
    if consent_aware_storage() is None:
        errors.append(
            Error(
                "The default storage does not keep protected files out of "
                "public media.",
                hint='Set STORAGES["default"]["BACKEND"] to '
                '"nkhr_pages.storage.ConsentAwareStorage".',
                id="nkhr_pages.E001",
            )
        )
    root = getattr(settings, "NKHR_PROTECTED_MEDIA_ROOT", None)
    if not root:
        errors.append(
            Error("NKHR_PROTECTED_MEDIA_ROOT is not set.", id="nkhr_pages.E002")
        )
    else:
        protected = Path(root).resolve()
        media = Path(settings.MEDIA_ROOT).resolve()
        if protected == media or media in protected.parents:
            errors.append(
                Error(
                    f"NKHR_PROTECTED_MEDIA_ROOT ({protected}) is inside MEDIA_ROOT "
                    f"({media}), which the web server serves to everyone.",
                    hint="Use a directory outside MEDIA_ROOT (PROTECTED_MEDIA_ROOT).",
                    id="nkhr_pages.E003",
                )
            )
    try:
        reverse(PROTECTED_MEDIA_URL_NAME, kwargs={"name": "x"})
    except NoReverseMatch:
        errors.append(
            Error(
                "The protected media view has no URL.",
                hint='Add path("protected-media/", include("nkhr_pages.media_urls")) '
                "to the root URLconf.",
                id="nkhr_pages.E004",
            )
        )
    return errors


@register(Tags.security)
def check_wagtail_csv_exports_escape(app_configs=None, **kwargs) -> list[Error]:
    """Wagtail's own CSV exports escape formula-looking cells (csv_export.py)."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    write_csv_row = getattr(SpreadsheetExportMixin, "write_csv_row", None)
    if getattr(write_csv_row, "escapes_cells", False):
        return []
    return [
        Error(
            "Wagtail's CSV exports (Site history, Aging pages...) do not escape "
            "formula-looking cells: SpreadsheetExportMixin.write_csv_row is "
            "missing or was not wrapped.",
            hint="Wagtail's export code changed: adapt "
            "nkhr_pages.csv_export.escape_wagtail_csv_exports to it.",
            id="nkhr_pages.E106",
        )
    ]
