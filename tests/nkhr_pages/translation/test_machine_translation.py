"""Machine translation is a pluggable backend: DeepL with a key, none without,
and in tests a local double (``doubles.PrefixingTestTranslator``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.test import override_settings
from django.urls import reverse
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import StringTranslation
from wagtail_localize.operations import translate_object

from .conftest import translation_of, untranslated_segments

ROOT = Path(__file__).resolve().parents[3]
DOUBLE = {"CLASS": "tests.nkhr_pages.translation.doubles.PrefixingTestTranslator"}


def _configured_translator(env: dict[str, str]) -> str:
    """WAGTAILLOCALIZE_MACHINE_TRANSLATOR as the settings compute it for ``env``."""
    code = (
        "import cms.settings.test as s;"
        "print(getattr(s, 'WAGTAILLOCALIZE_MACHINE_TRANSLATOR', {}).get('CLASS'))"
    )
    clean = {k: v for k, v in os.environ.items() if k != "DEEPL_API_KEY"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_deepl_only_when_a_key_is_set():
    assert _configured_translator({}) == "None"
    assert (
        _configured_translator({"DEEPL_API_KEY": "test-key:fx"})
        == "wagtail_localize.machine_translators.deepl.DeepLTranslator"
    )


def test_no_machine_translation_without_backend(
    client, translator, make_publication, editor, locales
):
    page = make_publication()
    translate_object(page, [locales["ko"]], user=editor)
    assert get_machine_translator() is None
    client.force_login(translator)
    response = client.post(
        reverse("wagtail_localize:machine_translate", args=[translation_of(page).pk]),
        follow=True,
    )
    # wagtail-localize answers 404 when no translator is configured. (Django's
    # LocaleMiddleware first tries the /en/-prefixed path: a redirect, then 404.)
    assert response.status_code == 404
    assert not StringTranslation.objects.filter(locale=locales["ko"]).exists()


@override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=DOUBLE)
def test_machine_translation_through_the_editor_view(
    client, translator, make_publication, editor, locales
):
    page = make_publication()
    translate_object(page, [locales["ko"]], user=editor)
    translation = translation_of(page)
    assert get_machine_translator().display_name.startswith("Test double")
    client.force_login(translator)
    response = client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk]),
        {"next": "/admin/"},
    )
    assert response.status_code == 302
    assert untranslated_segments(translation) == []
    title = StringTranslation.objects.get(
        locale=locales["ko"],
        context__path="title",
        context__object=translation.source.object,
    )
    assert title.data == "[ko] 2024 Activity Report"
    assert title.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE
    assert title.tool_name == "Test double (prefixes the language code)"


@override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=DOUBLE)
def test_machine_translation_respects_the_locale_scoping(
    client, editor, make_publication, locales
):
    page = make_publication()
    translate_object(page, [locales["ko"]], user=editor)
    client.force_login(editor)  # English editors do not translate into Korean
    response = client.post(
        reverse("wagtail_localize:machine_translate", args=[translation_of(page).pk]),
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 403
    assert not StringTranslation.objects.filter(locale=locales["ko"]).exists()


def test_double_is_honest():
    from .doubles import PrefixingTestTranslator

    assert "TEST DOUBLE" in PrefixingTestTranslator.__doc__
    assert PrefixingTestTranslator({}).can_translate(
        type("L", (), {"language_code": "en"})(),
        type("L", (), {"language_code": "ko"})(),
    )
