"""Wagtail's own report exports (Site history, Aging pages, Locked pages) do
not hand a spreadsheet a formula: a page titled ``=HYPERLINK(...)`` comes out
as text (nkhr_pages/csv_export.py ``escape_wagtail_csv_exports``)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from nkhr_pages.checks import check_wagtail_csv_exports_escape
from tests import factories

TITLE = '=HYPERLINK("x")'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile_page(home_pages, admin_user):
    admin_user.first_name, admin_user.last_name = "@SUM(1+1)", "-2"
    admin_user.save()
    page = factories.PublicationIndexPageFactory(
        parent=home_pages["en"], title=TITLE, slug="hostile"
    )
    page.save_revision(user=admin_user).publish(user=admin_user)
    page.refresh_from_db()
    return page


def _download(client, url_name: str, export: str) -> bytes:
    response = client.get(reverse(url_name) + f"?export={export}")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _csv_rows(client, url_name: str) -> list[dict[str, str]]:
    text = _download(client, url_name, "csv").decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _no_formula(rows: list[dict[str, str]]) -> None:
    for row in rows:
        for value in row.values():
            assert not (value or "").startswith(FORMULA_STARTS), row


def test_site_history_csv_neutralises_formulas(admin_client, hostile_page):
    rows = _csv_rows(admin_client, "wagtailadmin_reports:site_history")
    published = [row for row in rows if row["Action type"] == "Publish"]
    assert published
    assert published[0]["Name"] == "'" + TITLE
    assert published[0]["User"].startswith("'@SUM(1+1)")
    _no_formula(rows)


def test_aging_pages_csv_neutralises_formulas(admin_client, hostile_page):
    rows = _csv_rows(admin_client, "wagtailadmin_reports:aging_pages")
    titles = [row["Title"] for row in rows]
    assert "'" + TITLE in titles
    assert TITLE not in titles
    _no_formula(rows)


def test_locked_pages_csv_neutralises_formulas(admin_client, hostile_page, admin_user):
    hostile_page.locked = True
    hostile_page.locked_by = admin_user
    hostile_page.locked_at = timezone.now()
    hostile_page.save()
    rows = _csv_rows(admin_client, "wagtailadmin_reports:locked_pages")
    assert [row["Title"] for row in rows] == ["'" + TITLE]
    _no_formula(rows)


@pytest.mark.parametrize(
    "url_name",
    ["wagtailadmin_reports:site_history", "wagtailadmin_reports:aging_pages"],
)
def test_xlsx_exports_keep_the_title_as_text(admin_client, hostile_page, url_name):
    workbook = load_workbook(io.BytesIO(_download(admin_client, url_name, "xlsx")))
    cells = [cell for row in workbook.active.iter_rows() for cell in row]
    titles = [cell for cell in cells if cell.value == TITLE]
    assert titles
    assert {cell.data_type for cell in titles} == {"s"}
    assert not [cell for cell in cells if cell.data_type == "f"]


def test_a_wagtail_upgrade_that_drops_the_escaping_fails_the_checks(monkeypatch):
    assert check_wagtail_csv_exports_escape() == []
    unwrapped = SpreadsheetExportMixin.write_csv_row.__wrapped__
    monkeypatch.setattr(SpreadsheetExportMixin, "write_csv_row", unwrapped)
    assert [error.id for error in check_wagtail_csv_exports_escape()] == [
        "nkhr_pages.E106"
    ]
