"""Importing a translator's PO file, refusing foreign or broken files.

wagtail-localize's own upload view answers a PO file without its translation
id with a server error, and silently ignores entries it cannot place. Here
every such file is refused with a message that says what is wrong, and
nothing is written unless the whole file belongs to this translation.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass

import polib
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail_localize.models import Translation

TRANSLATION_ID_HEADER = "X-WagtailLocalize-TranslationID"
MAX_PO_BYTES = 5 * 1024 * 1024


class POFileRejected(Exception):
    """The uploaded file was not imported; ``str(error)`` is for the user."""


@dataclass(frozen=True)
class POImportResult:
    imported: int


def _parse(content: bytes) -> polib.POFile:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise POFileRejected(
            _("This is not a PO file (it is not UTF-8 text).")
        ) from error
    # polib.pofile() takes a file name *or* contents; going through a temporary
    # file stops an upload that happens to look like a path from being opened.
    with tempfile.NamedTemporaryFile(suffix=".po", delete=False) as handle:
        handle.write(content)
    try:
        return polib.pofile(handle.name)
    except (OSError, ValueError) as error:
        raise POFileRejected(
            _("This is not a valid PO file: %(error)s") % {"error": error}
        ) from error
    finally:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)


def _check_belongs_to(po: polib.POFile, translation: Translation) -> None:
    translation_id = po.metadata.get(TRANSLATION_ID_HEADER, "").strip()
    if not translation_id:
        raise POFileRejected(
            _(
                "This PO file was not downloaded from this site's translation editor "
                "(it has no %(header)s header)."
            )
            % {"header": TRANSLATION_ID_HEADER}
        )
    if translation_id == str(translation.uuid):
        return
    other = (
        Translation.objects.filter(uuid=translation_id)
        .select_related("source", "target_locale")
        .first()
        if _is_uuid(translation_id)
        else None
    )
    if other is None:
        raise POFileRejected(
            _("This PO file belongs to a translation that does not exist here.")
        )
    if other.source_id == translation.source_id:
        raise POFileRejected(
            _(
                "This PO file is the %(locale)s translation of “%(object)s”, "
                "not the %(expected)s one."
            )
            % {
                "locale": other.target_locale.get_display_name(),
                "object": other.source.object_repr,
                "expected": translation.target_locale.get_display_name(),
            }
        )
    raise POFileRejected(
        _("This PO file belongs to another translation: “%(object)s” (%(locale)s).")
        % {
            "object": other.source.object_repr,
            "locale": other.target_locale.get_display_name(),
        }
    )


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def import_po_file(translation: Translation, content: bytes, user) -> POImportResult:
    """Import ``content`` (an uploaded PO file) into ``translation``, or raise
    :class:`POFileRejected` having changed nothing."""
    if not content:
        raise POFileRejected(_("The file is empty."))
    if len(content) > MAX_PO_BYTES:
        raise POFileRejected(_("The file is too large for a PO file."))
    po = _parse(content)
    _check_belongs_to(po, translation)
    entries = [entry for entry in po if not entry.obsolete and entry.msgstr]
    if not entries:
        raise POFileRejected(_("The PO file contains no translations."))
    with transaction.atomic():
        warnings = translation.import_po(po, user=user, tool_name="PO File")
        if warnings:
            # Entries that match nothing in the current source: the file is
            # older than the source or was edited by hand. Raising here rolls
            # the whole import back.
            raise POFileRejected(
                ngettext(
                    "%(count)d entry of the PO file does not match the current "
                    "source text; nothing was imported. Download the file again.",
                    "%(count)d entries of the PO file do not match the current "
                    "source text; nothing was imported. Download the file again.",
                    len(warnings),
                )
                % {"count": len(warnings)}
            )
    return POImportResult(imported=len(entries))
