"""PO files through wagtail-localize's own download/upload URLs: the round trip,
and broken or foreign files refused with a clear message, changing nothing."""

from __future__ import annotations

import polib
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail_localize.models import StringTranslation
from wagtail_localize.operations import translate_object

from .conftest import translation_of

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture
def translation(make_publication, editor, locales):
    page = make_publication()
    translate_object(page, [locales["ko"]], user=editor)
    return translation_of(page)


def _download(client, translation) -> polib.POFile:
    response = client.get(
        reverse("wagtail_localize:download_pofile", args=[translation.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/x-gettext-translation"
    return polib.pofile(response.content.decode())


def _upload(client, translation, content: bytes, name="translation.po"):
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": SimpleUploadedFile(name, content), "next": "/admin/"},
    )
    assert response.status_code == 302
    return [str(message) for message in get_messages(response.wsgi_request)]


def _translated(po: polib.POFile) -> bytes:
    for entry in po:
        entry.msgstr = (
            entry.msgid if entry.msgctxt == "slug" else f"[한국어] {entry.msgid}"
        )
    return str(po).encode()


def _stored(translation):
    return StringTranslation.objects.filter(locale=translation.target_locale).count()


def test_round_trip_export_translate_import_publish(
    client, translator, reviewer, translation, django_capture_on_commit_callbacks
):
    client.force_login(translator)
    po = _download(client, translation)
    assert po.metadata["X-WagtailLocalize-TranslationID"] == str(translation.uuid)
    assert "2024 Activity Report" in {entry.msgid for entry in po}
    assert all(entry.msgstr == "" for entry in po)

    messages = _upload(client, translation, _translated(po))
    assert messages == [f"Imported {len(po)} translations from the PO file."]
    assert _stored(translation) == len(po)
    # A second export carries the translations back.
    again = _download(client, translation)
    assert {entry.msgstr for entry in again if entry.msgctxt == "title"} == {
        "[한국어] 2024 Activity Report"
    }

    # Publish (as a reviewer may): the Korean page is live with the PO texts.
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(
                "wagtailadmin_pages:edit", args=[translation.get_target_instance().pk]
            ),
            {"action": "publish"},
        )
    assert response.status_code == 302
    ko_page = translation.get_target_instance()
    assert ko_page.live
    assert ko_page.title == "[한국어] 2024 Activity Report"


def _other_translation(make_publication, editor, locales):
    page = make_publication("un-submission", "UN submission 2024")
    translate_object(page, [locales["ko"]], user=editor)
    return translation_of(page)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("binary", "This is not a PO file (it is not UTF-8 text)."),
        ("garbage", "This is not a valid PO file"),
        ("no-header", "was not downloaded from this site's translation editor"),
        ("unknown-id", "belongs to a translation that does not exist here"),
        ("other-translation", "belongs to another translation: “UN submission 2024”"),
        ("other-locale", "not the Korean one"),
        ("stale-entries", "nothing was imported"),
        ("empty", "The file is empty."),
        ("no-translations", "contains no translations"),
    ],
)
def test_bad_po_files_are_refused_and_change_nothing(
    client, translator, translation, make_publication, editor, locales, case, message
):
    client.force_login(translator)
    po = _download(client, translation)
    if case == "binary":
        content = b"\x89PNG\r\n\x1a\n\x00\xff\xfe"
    elif case == "garbage":
        content = b'msgid "unterminated\nmsgstr\n<html>not a po</html>'
    elif case == "no-header":
        del po.metadata["X-WagtailLocalize-TranslationID"]
        content = _translated(po)
    elif case == "unknown-id":
        po.metadata["X-WagtailLocalize-TranslationID"] = (
            "0" * 8 + "-0000-4000-8000-" + "0" * 12
        )
        content = _translated(po)
    elif case == "other-translation":
        other = _other_translation(make_publication, editor, locales)
        po.metadata["X-WagtailLocalize-TranslationID"] = str(other.uuid)
        content = _translated(po)
    elif case == "other-locale":
        # The same source translated into another locale (e.g. for a future
        # Japanese site): its PO file must not land in the Korean translation.
        from wagtail.models import Locale

        japanese = Locale.objects.create(language_code="ja")
        translate_object(
            translation.get_target_instance().get_translation(locales["en"]),
            [japanese],
            user=editor,
        )
        other = translation.source.translations.get(target_locale=japanese)
        po.metadata["X-WagtailLocalize-TranslationID"] = str(other.uuid)
        content = _translated(po)
    elif case == "stale-entries":
        po.append(
            polib.POEntry(
                msgid="A sentence not on the page", msgctxt="summary", msgstr="x"
            )
        )
        content = _translated(po)
    elif case == "empty":
        content = b""
    else:
        content = str(po).encode()
    before = _stored(translation)
    messages = _upload(client, translation, content)
    assert len(messages) == 1
    assert message in messages[0]
    assert _stored(translation) == before == 0


def test_upload_without_a_file(client, translator, translation):
    client.force_login(translator)
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk])
    )
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Choose a PO file to upload."
    ]


def test_editor_may_not_upload_korean_po_files(client, editor, translation):
    client.force_login(editor)
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": SimpleUploadedFile("x.po", b"")},
        **XHR,
    )
    assert response.status_code == 403
