"""Dates known to the month or the year, and headlines as published."""

import datetime

import pytest
from django.utils import translation

from nkhr_pages.dates import format_partial_date, iso_partial_date, truncate_date
from nkhr_pages.mailing.assembling import start_next_issue
from nkhr_pages.models import MediaCoveragePage, NewsletterSeries
from nkhr_pages.services import MediaCoverageImporter
from tests import factories

DAY = datetime.date(2024, 3, 17)


@pytest.mark.parametrize(
    ("language", "precision", "expected"),
    [
        ("en", "year", "2024"),
        ("ko", "year", "2024년"),
        ("en", "month", "March 2024"),
        ("ko", "month", "2024년 3월"),
        ("ko", "day", "2024년 3월 17일"),
    ],
)
def test_format_partial_date_per_language(language, precision, expected):
    with translation.override(language):
        assert format_partial_date(DAY, precision) == expected


def test_iso_partial_date_and_truncation():
    assert iso_partial_date(DAY, "year") == "2024"
    assert iso_partial_date(DAY, "month") == "2024-03"
    assert iso_partial_date(DAY, "day") == "2024-03-17"
    assert truncate_date(DAY, "year") == datetime.date(2024, 1, 1)
    assert truncate_date(DAY, "month") == datetime.date(2024, 3, 1)
    assert truncate_date(None, "month") is None


@pytest.fixture
def publications(make_section):
    return make_section(factories.PublicationIndexPageFactory, "Publications", "간행물")


def test_a_partial_date_never_keeps_a_day(publications):
    """Whatever day the editor typed, a month-precision date is stored as the
    month's first day and shown without a day."""
    page = factories.PublicationPageFactory(
        parent=publications[0],
        publication_date=DAY,
        date_precision="month",
        slug="report",
    )
    page.refresh_from_db()
    assert page.publication_date == datetime.date(2024, 3, 1)


def test_pages_and_year_filter_honour_the_precision(client, publications):
    factories.PublicationPageFactory(
        parent=publications[0],
        title="Annual report",
        slug="annual",
        publication_date=datetime.date(2023, 12, 31),
        date_precision="year",
    ).save_revision().publish()
    html = client.get("/en/publications/annual/").content.decode()
    assert '<time datetime="2023">2023</time>' in html
    assert "Dec" not in html.split("<main")[1]
    listing = client.get("/en/publications/?year=2023").content.decode()
    assert "Annual report" in listing


@pytest.fixture
def newsletters(make_section):
    return make_section(factories.NewsletterIndexPageFactory, "Newsletters", "소식지")


def test_issue_without_number_or_day(client, newsletters):
    factories.NewsletterIssuePageFactory(
        parent=newsletters[0],
        title="FNN Spring 2024",
        slug="spring",
        issue_number=None,
        issue_date=datetime.date(2024, 1, 1),
        date_precision="year",
    ).save_revision().publish()
    html = client.get("/en/newsletters/").content.decode()
    assert "No." not in html.split("<main")[1]
    assert '<time datetime="2024">2024</time>' in html
    # The next assembled issue is numbered from 1, not broken by the gap.
    assembled = start_next_issue(NewsletterSeries.ENGLISH_FNN)
    assert assembled.page.issue_number == 1


@pytest.fixture
def coverage_index(make_section):
    return make_section(
        factories.MediaCoverageIndexPageFactory, "In the media", "언론 보도"
    )


CSV = """date,outlet,headline,language,headline_ko,published_headline
2024-11-29,NK News,Chinese firms use prison labor to make wigs,en,중국 기업들의 가발,
2024-11-29,Yonhap,70% of wigs are made by forced labor,ko,가발의 70%는 강제노동,
2024-12-01,YTN,Expendable human beings,ko,,소모품 인간
"""


def test_importer_keeps_the_headline_as_published(client, coverage_index):
    en, ko = coverage_index
    result = MediaCoverageImporter(en, progress=lambda line: None).run(CSV.encode())
    assert result.ok, result.errors
    pages = {p.title: p for p in MediaCoveragePage.objects.child_of(en)}
    # An English article in the English section: its headline is the outlet's.
    assert pages["Chinese firms use prison labor to make wigs"].published_headline
    # A Korean article given in English: a translation, the original unknown.
    assert pages["70% of wigs are made by forced labor"].published_headline == ""
    assert pages["Expendable human beings"].published_headline == "소모품 인간"
    english = client.get("/en/in-the-media/").content.decode()
    assert english.count("Translated headline") == 2
    korean = client.get("/ko/in-the-media/").content.decode()
    # The Korean page shows the outlet's own headline where it is known, and
    # labels the re-translation of a headline it does not know.
    assert "번역한 제목" in korean
    assert "가발의 70%는 강제노동" in korean
    ytn = MediaCoveragePage.objects.child_of(en).get(title="Expendable human beings")
    page = client.get(ytn.url).content.decode()
    assert "Translated headline" in page
    assert 'lang="ko">소모품 인간' in page


def test_a_missing_precision_means_day(publications):
    """Forms and imports that leave the precision out keep the full date."""
    page = factories.PublicationPageFactory(
        parent=publications[0], publication_date=DAY, date_precision="", slug="x"
    )
    page.refresh_from_db()
    assert (page.publication_date, page.date_precision) == (DAY, "day")
