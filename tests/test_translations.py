"""The project's own interface strings are complete and compiled in Korean."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(
    path
    for path in ROOT.glob("**/locale/ko/LC_MESSAGES/django.po")
    if ".venv" not in path.parts
)


def test_every_app_ships_a_korean_catalogue():
    owners = {path.relative_to(ROOT).parts[0] for path in CATALOGUES}
    assert {"locale", "nkhr_pages", "nkhr_donations", "search"} <= owners


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_fully_translated_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {po_path}: {untranslated}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy}"
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in mo}
    for entry in po.translated_entries():
        if entry.msgid_plural:
            continue
        assert compiled.get((entry.msgctxt, entry.msgid)) == entry.msgstr, (
            f"{po_path.with_suffix('.mo')} is out of date: run scripts/messages"
        )
