"""The translation status report: statuses, counts, filters, export, queries."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation
from wagtail_localize.operations import translate_object

from nkhr_pages.translation.status import (
    TranslationStatus,
    annotate_translation_status,
    field_name,
    source_pages,
)

from .conftest import korean_for, translation_of, untranslated_segments

REPORT = "nkhr_translation:status_report"


def _translate(translation, user, only=None):
    segments = untranslated_segments(translation)
    for segment in segments[:only]:
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            data=korean_for(segment),
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            last_translated_by=user,
        )


@pytest.fixture
def site_states(
    make_publication,
    make_standard_page,
    editor,
    locales,
    django_capture_on_commit_callbacks,
):
    """One page in each status (plus the home and index pages of the fixtures)."""
    ko = locales["ko"]
    missing = make_publication("missing", "Report on enforced disappearances")

    in_progress = make_publication("in-progress", "UN submission 2024")
    translate_object(in_progress, [ko], user=editor)
    _translate(translation_of(in_progress), editor, only=1)

    up_to_date = make_publication("up-to-date", "Statement on forced repatriation")
    translate_object(up_to_date, [ko], user=editor)
    _translate(translation_of(up_to_date), editor)
    with django_capture_on_commit_callbacks(execute=True):  # publishes on commit
        translation_of(up_to_date).save_target(user=editor, publish=True)

    outdated = make_publication("outdated", "Newsletter archive 2024")
    translate_object(outdated, [ko], user=editor)
    _translate(translation_of(outdated), editor)
    with django_capture_on_commit_callbacks(execute=True):
        translation_of(outdated).save_target(user=editor, publish=True)
    outdated.summary = "A new summary written after the translation."
    outdated.save_revision().publish()
    translation_of(outdated).source.update_from_db()

    # A translation made by hand (not through wagtail-localize), then the
    # English page is republished: outdated by publication dates.
    en_about, _ko_about = make_standard_page("about", "About NKHR", ko_title="소개")
    en_about.save_revision().publish()
    return {
        "missing": missing,
        "in_progress": in_progress,
        "up_to_date": up_to_date,
        "outdated": outdated,
        "unmanaged_outdated": en_about,
    }


def _statuses(locale):
    rows = annotate_translation_status(source_pages(Locale.get_default()), [locale])
    return {
        row.slug: (
            getattr(row, field_name(locale, "status")),
            getattr(row, field_name(locale, "untranslated")),
        )
        for row in rows
    }


def test_each_status_and_untranslated_count(site_states, locales):
    statuses = _statuses(locales["ko"])
    source = translation_of(site_states["in_progress"]).source
    segments = source.stringsegment_set.count()
    assert segments >= 4
    assert statuses["missing"] == (TranslationStatus.MISSING, None)
    # One segment of the in-progress page was translated.
    assert statuses["in-progress"] == (TranslationStatus.IN_PROGRESS, segments - 1)
    assert statuses["up-to-date"] == (TranslationStatus.UP_TO_DATE, 0)
    assert statuses["outdated"] == (TranslationStatus.OUTDATED, 1)
    assert statuses["about"] == (TranslationStatus.OUTDATED, None)
    # Home and publication archive: translated by hand after the English pages.
    assert statuses["home"] == (TranslationStatus.UP_TO_DATE, None)
    assert statuses["publications"] == (TranslationStatus.UP_TO_DATE, None)


def test_unpublished_translation_is_in_progress(site_states, locales):
    ko_page = site_states["up_to_date"].get_translation(locales["ko"])
    ko_page.unpublish()
    assert _statuses(locales["ko"])["up-to-date"][0] == TranslationStatus.IN_PROGRESS


def _titles(response):
    html = response.content.decode()
    return {
        title
        for title in (
            "Report on enforced disappearances",
            "UN submission 2024",
            "Statement on forced repatriation",
            "Newsletter archive 2024",
            "About NKHR",
        )
        if title in html
    }


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("missing", {"Report on enforced disappearances"}),
        ("in_progress", {"UN submission 2024"}),
        ("up_to_date", {"Statement on forced repatriation"}),
        ("outdated", {"Newsletter archive 2024", "About NKHR"}),
    ],
)
def test_filter_by_status(client, editor, site_states, status, expected):
    client.force_login(editor)
    response = client.get(reverse(REPORT), {"status": status, "locale": "ko"})
    assert response.status_code == 200
    assert _titles(response) == expected


def test_filter_by_page_type(client, editor, site_states):
    from django.contrib.contenttypes.models import ContentType

    from nkhr_pages.models import StandardPage

    client.force_login(editor)
    response = client.get(
        reverse(REPORT),
        {"page_type": ContentType.objects.get_for_model(StandardPage).pk},
    )
    assert _titles(response) == {"About NKHR"}


def test_bad_filter_values_are_not_an_error(client, editor, site_states):
    client.force_login(editor)
    response = client.get(reverse(REPORT), {"status": "nonsense", "locale": "xx"})
    assert response.status_code == 200


def test_results_view_and_counts_in_html(client, editor, site_states):
    client.force_login(editor)
    response = client.get(reverse("nkhr_translation:status_report_results"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-status="missing"') == 1
    assert html.count('data-status="outdated"') == 2
    assert "1 segment untranslated" in html


def test_csv_export(client, editor, site_states):
    client.force_login(editor)
    response = client.get(reverse(REPORT), {"export": "csv", "status": "outdated"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    )
    assert {row["Title"] for row in rows} == {"Newsletter archive 2024", "About NKHR"}
    newsletter = next(row for row in rows if row["Title"] == "Newsletter archive 2024")
    assert newsletter["Korean status"] == "Outdated"
    assert newsletter["Korean untranslated segments"] == "1"
    assert newsletter["Page type"] == "publication"


def test_xlsx_export(client, editor, site_states):
    client.force_login(editor)
    response = client.get(reverse(REPORT), {"export": "xlsx"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    header, body = rows[0], rows[1:]
    assert "Korean status" in header
    statuses = {
        row[header.index("Title")]: row[header.index("Korean status")] for row in body
    }
    assert statuses["Report on enforced disappearances"] == "Missing"
    assert statuses["Statement on forced repatriation"] == "Up to date"


def _count_report_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(REPORT))
    assert response.status_code == 200
    return len(queries)


def test_report_queries_do_not_grow_with_pages(
    client, editor, make_publication, locales
):
    """No N+1: the statuses of all rows come from one annotated query."""
    client.force_login(editor)
    for number in range(3):
        page = make_publication(f"first-{number}", f"Report {number}")
        translate_object(page, [locales["ko"]], user=editor)
    _count_report_queries(client)  # warm caches (content types, site, locales)
    few = _count_report_queries(client)
    for number in range(12):
        page = make_publication(f"more-{number}", f"More {number}")
        translate_object(page, [locales["ko"]], user=editor)
    many = _count_report_queries(client)
    assert many == few


def test_csv_export_defuses_formulas_in_titles(client, editor, make_publication):
    formula = '=HYPERLINK("https://evil.example/","x")'
    make_publication("formula", formula)
    client.force_login(editor)
    response = client.get(reverse(REPORT), {"export": "csv"})
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    )
    assert "'" + formula in {row["Title"] for row in rows}
    assert formula not in {row["Title"] for row in rows}
