"""The project's corrections of Wagtail's and wagtail-localize's Korean
(``locale/upstream/``): offerable upstream as they are, and in force.

``locale/upstream/<package path>/ko/<domain>.po`` mirrors
``<package path>/locale/ko/LC_MESSAGES/<domain>.po`` upstream and holds only
the entries the project corrects or completes. ``scripts/messages`` merges them
into ``locale/ko/LC_MESSAGES/`` (LOCALE_PATHS, ahead of every app).
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
import wagtail
import wagtail_localize
from django.utils import translation

ROOT = Path(__file__).resolve().parents[1]
UPSTREAM = ROOT / "locale" / "upstream"
PROJECT = ROOT / "locale" / "ko" / "LC_MESSAGES"
PACKAGES = {
    "wagtail": Path(wagtail.__file__).parent,
    "wagtail_localize": Path(wagtail_localize.__file__).parent,
}
SOURCES = sorted(UPSTREAM.glob("**/ko/*.po"))
APP_CATALOGUES = sorted(
    path
    for path in ROOT.glob("*/**/locale/ko/LC_MESSAGES/django.po")
    if ".venv" not in path.parts and "upstream" not in path.parts
)


def _package_catalogue(source: Path, language: str) -> Path:
    """``locale/upstream/wagtail/admin/ko/django.po`` ->
    ``.../site-packages/wagtail/admin/locale/<language>/LC_MESSAGES/django.po``."""
    package, *inner = source.relative_to(UPSTREAM).parts[:-2]
    return PACKAGES[package].joinpath(
        *inner, "locale", language, "LC_MESSAGES", source.name
    )


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def _text(entry: polib.POEntry) -> str:
    return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr


def test_there_are_corrections_for_wagtail_and_wagtail_localize():
    packages = {path.relative_to(UPSTREAM).parts[0] for path in SOURCES}
    assert packages == {"wagtail", "wagtail_localize"}


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_entries_are_upstream_msgids_and_change_something(source):
    """Every msgid (and plural, context and format flag) is upstream's as is,
    and every entry corrects or completes upstream's Korean."""
    english = polib.pofile(str(_package_catalogue(source, "en")))
    korean_path = _package_catalogue(source, "ko")
    korean = polib.pofile(str(korean_path)) if korean_path.exists() else []
    upstream_ko = {_key(entry): _text(entry) for entry in korean if not entry.obsolete}
    po = polib.pofile(str(source))
    assert po.metadata["Language"] == "ko"
    assert "nplurals=1" in po.metadata["Plural-Forms"]
    for entry in po:
        original = english.find(entry.msgid, msgctxt=entry.msgctxt)
        assert original is not None, f"{entry.msgid!r} is not a msgid of {source}"
        assert entry.msgid_plural == original.msgid_plural, entry.msgid
        assert ("python-format" in entry.flags) == (
            "python-format" in original.flags
        ), entry.msgid
        assert _text(entry), f"untranslated: {entry.msgid!r}"
        assert "fuzzy" not in entry.flags, entry.msgid
        assert _text(entry) != upstream_ko.get(_key(entry)), (
            f"{entry.msgid!r} is already so upstream: leave it out"
        )


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_corrections_are_merged_and_compiled(domain):
    merged = polib.pofile(str(PROJECT / f"{domain}.po"))
    compiled = {
        (entry.msgctxt, entry.msgid): _text(entry)
        for entry in polib.mofile(str(PROJECT / f"{domain}.mo"))
    }
    in_po = {_key(entry): _text(entry) for entry in merged if not entry.obsolete}
    for source in UPSTREAM.glob(f"**/ko/{domain}.po"):
        for entry in polib.pofile(str(source)):
            assert in_po.get(_key(entry)) == _text(entry), (
                f"{entry.msgid!r} of {source} is not in {domain}.po: "
                "run scripts/messages upstream"
            )
            assert compiled.get(_key(entry)) == _text(entry), (
                f"{domain}.mo is out of date: run scripts/messages upstream"
            )


def test_corrections_do_not_change_the_project_apps_words():
    """One catalogue serves every app: a correction of a msgid that a project
    app translates too would silently replace the app's word."""
    corrections = {}
    for source in UPSTREAM.glob("**/ko/django.po"):
        for entry in polib.pofile(str(source)):
            corrections[_key(entry)] = (_text(entry), source)
    for catalogue in APP_CATALOGUES:
        for entry in polib.pofile(str(catalogue)):
            if _key(entry) in corrections and _text(entry):
                text, source = corrections[_key(entry)]
                assert text == _text(entry), (
                    f"{entry.msgid!r}: {catalogue} says {_text(entry)!r}, "
                    f"{source} says {text!r}; give the app's msgid a context"
                )


@pytest.mark.parametrize(
    ("msgid", "korean"),
    [
        ("Awaiting your review", "검토 대기 중"),
        ("Toggle status", "상태 정보 열기/닫기"),
        ("Translate", "번역"),
        ("Request changes", "변경 요청"),
        ("Convert to alias page", "별칭 페이지로 전환"),
        ("Pages", "페이지"),
        ("New", "새로 만들기"),
    ],
)
def test_the_admin_speaks_the_corrected_korean(msgid, korean):
    with translation.override("ko"):
        assert translation.gettext(msgid) == korean


def test_a_project_word_with_the_same_english_keeps_its_own_context():
    """ "Pages" of a publication is a page count (쪽수), the newsletter state
    "New" a new send: both carry a context, so Wagtail's words stay Wagtail's."""
    with translation.override("ko"):
        assert translation.pgettext("number of pages", "Pages") == "쪽수"
        assert translation.pgettext("newsletter send state", "New") == "새 발송"


def test_donation_history_words_leave_wagtails_own_alone():
    """The donation history's "From"/"To"/"Source" carry a context: without
    it they relabelled Wagtail's redirects (이전/이후) and wagtail-localize's
    translations report (출처)."""
    with translation.override("ko"):
        assert translation.gettext("From") == "진입 경로"
        assert translation.gettext("To") == "목적지"
        assert translation.gettext("Source") == "원문"
        assert translation.pgettext("donation status change", "From") == "이전"
        assert translation.pgettext("donation status change", "To") == "이후"
        assert translation.pgettext("donation status change", "Source") == "출처"
        assert translation.pgettext("donor merge", "From") == "이전"


def test_the_redirects_listing_reads_wagtails_korean(admin_client, admin_user):
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.users.models import UserProfile

    Redirect.objects.create(old_path="/old-report", redirect_link="/reports/")
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "ko"
    profile.save()
    response = admin_client.get("/admin/redirects/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "진입 경로" in html
    assert "목적지" in html
    assert "이후" not in html
