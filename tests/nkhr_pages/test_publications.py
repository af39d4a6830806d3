"""The publication archive: pages, filters, pagination, query counts, admin."""

from __future__ import annotations

import datetime
import re

import pytest
from django.http import QueryDict

from nkhr_pages.models import PublicationPage
from nkhr_pages.models.publications import PublicationType
from nkhr_pages.queries import filter_publications
from tests import factories


@pytest.fixture
def archive(make_section):
    return make_section(
        factories.PublicationIndexPageFactory, "Publications", "간행물", per_page=5
    )


@pytest.fixture
def topics(locales):
    forced = factories.PublicationTopicFactory(
        name="Forced labour", slug="forced-labour"
    )
    forced_ko = forced.copy_for_translation(locales["ko"])
    forced_ko.name = "강제노동"
    forced_ko.save()
    un = factories.PublicationTopicFactory(name="UN advocacy", slug="un-advocacy")
    return {"forced": forced, "forced_ko": forced_ko, "un": un}


@pytest.fixture
def publications(archive, topics):
    en, _ko = archive
    report = factories.PublicationPageFactory(
        parent=en,
        title="Made in China",
        publication_type=PublicationType.RESEARCH_REPORT,
        publication_date=datetime.date(2024, 11, 29),
        topics=[topics["forced"]],
    )
    activity = factories.PublicationPageFactory(
        parent=en,
        title="2024 Activity Report",
        publication_type=PublicationType.ACTIVITY_REPORT,
        publication_date=datetime.date(2025, 3, 1),
    )
    submission = factories.PublicationPageFactory(
        parent=en,
        title="Submission to the UPR of China",
        publication_type=PublicationType.UN_SUBMISSION,
        publication_date=datetime.date(2023, 12, 1),
        topics=[topics["un"]],
    )
    return {"report": report, "activity": activity, "submission": submission}


def _titles(response) -> list[str]:
    return [p.title for p in response.context["publications"]]


def test_archive_lists_newest_first(client, publications):
    response = client.get("/en/publications/")
    assert response.status_code == 200
    assert _titles(response) == [
        "2024 Activity Report",
        "Made in China",
        "Submission to the UPR of China",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=un_submission", ["Submission to the UPR of China"]),
        ("topic=forced-labour", ["Made in China"]),
        ("year=2024", ["Made in China"]),
        ("year=2024&type=activity_report", []),
        ("type=research_report&topic=forced-labour&year=2024", ["Made in China"]),
    ],
)
def test_archive_filters(client, publications, query, expected):
    response = client.get(f"/en/publications/?{query}")
    assert response.status_code == 200
    assert _titles(response) == expected


def test_topic_filter_matches_translated_topic_slug(client, publications, topics):
    # A page tagged with the English topic is found by the Korean topic's key too.
    topics["forced_ko"].slug = "강제노동"
    topics["forced_ko"].save()
    response = client.get("/en/publications/?topic=강제노동")
    assert _titles(response) == ["Made in China"]


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=0",
        "page=99999",
        "page=-1",
        "year=99999",
        "year=abc",
        "topic=no-such-topic",
        "type=cookbook",
        "year=2024&year=x",
        "topic=" + "x" * 500,
    ],
)
def test_bad_input_gives_a_normal_page(client, publications, query):
    response = client.get(f"/en/publications/?{query}")
    assert response.status_code == 200
    assert len(_titles(response)) >= 1


def test_bad_filter_is_reported(client, publications):
    html = client.get("/en/publications/?topic=nope&year=99999").content.decode()
    assert "There is no topic called “nope”." in html
    assert 'role="status"' in html


def test_pagination(client, archive):
    en, _ko = archive
    for day in range(1, 8):
        factories.PublicationPageFactory(
            parent=en, publication_date=datetime.date(2024, 1, day)
        )
    first = client.get("/en/publications/")
    second = client.get("/en/publications/?page=2")
    assert len(first.context["publications"]) == 5
    assert len(second.context["publications"]) == 2
    assert 'rel="next" href="?page=2"' in first.content.decode()
    filtered = client.get("/en/publications/?year=2024").content.decode()
    assert 'href="?year=2024&amp;page=2"' in filtered


def test_filter_publications_is_reusable(publications):
    queryset, form = filter_publications(
        PublicationPage.objects.all(), QueryDict("type=research_report&year=2024")
    )
    assert list(queryset) == [publications["report"]]
    assert form.is_valid()
    queryset, form = filter_publications(
        PublicationPage.objects.all(), {"year": "99999"}
    )
    assert queryset.count() == 3
    assert "year" in form.errors


def test_publication_page_in_both_locales(client, publications, topics):
    report = publications["report"]
    factories.translate(
        report, "ko", title="메이드 인 차이나", summary="강제노동 보고서"
    )
    en = client.get("/en/publications/made-in-china/")
    ko = client.get("/ko/publications/made-in-china/")
    assert en.status_code == ko.status_code == 200
    assert "<h1>Made in China</h1>" in en.content.decode()
    ko_html = ko.content.decode()
    assert "<h1>메이드 인 차이나</h1>" in ko_html
    assert 'lang="ko"' in ko_html
    assert "Forced labour" in en.content.decode()
    listing = client.get("/ko/publications/").content.decode()
    assert "메이드 인 차이나" in listing
    assert "Made in China" not in listing


def test_archive_in_korean_lists_only_korean_pages(client, publications):
    response = client.get("/ko/publications/")
    assert response.status_code == 200
    assert _titles(response) == []
    assert "간행물" in response.content.decode()


def test_archive_costs_constant_queries(
    client, archive, topics, django_assert_max_num_queries
):
    en, _ko = archive
    en.per_page = 50
    en.save()

    def add(count: int) -> None:
        for _n in range(count):
            factories.PublicationPageFactory(
                parent=en,
                cover_image=factories.ImageFactory(),
                topics=[topics["forced"], topics["un"]],
            )
        client.get("/en/publications/")  # renditions are created on first view

    add(3)
    with django_assert_max_num_queries(40) as small:
        client.get("/en/publications/")
    small_count = len(small.captured_queries)  # read now: the log is reused
    add(12)
    with django_assert_max_num_queries(small_count):
        response = client.get("/en/publications/")
    assert len(response.context["publications"]) == 15


def test_korean_pages_show_korean_topic_names(client, publications, topics):
    report = publications["report"]
    # The translation keeps the English topic (a synchronised relation).
    factories.translate(report, "ko", title="메이드 인 차이나")
    page_html = client.get("/ko/publications/made-in-china/").content.decode()
    listing = client.get("/ko/publications/").content.decode()
    for html in (page_html, listing):
        assert "강제노동" in html
        assert "Forced labour" not in html


def test_filtered_queryset_can_still_be_searched(publications):
    # The search helper (issue 5) runs .search() on the archive's filtered queryset.
    queryset, _form = filter_publications(
        PublicationPage.objects.live(),
        {"type": "research_report", "year": "2024", "topic": "forced-labour"},
    )
    results = list(queryset.search("China"))
    assert results == [publications["report"]]
    queryset, _form = filter_publications(
        PublicationPage.objects.live(), {"type": "un_submission"}
    )
    assert list(queryset.search("China")) == [publications["submission"]]


def _meta_line(html: str) -> str:
    return re.search(r'<p class="page-meta[^"]*">(.*?)</p>', html, re.S)[1]


def test_meta_line_reads_date_dot_authors_in_both_languages(client, publications):
    """ "April 2024 · NKHR", one space each side of the dot. The meta line is a
    flex row with a gap between its items: the date and the authors are one
    item, else the gap comes before the dot ("April 2024   · NKHR")."""
    report = publications["report"]
    report.publication_date = datetime.date(2024, 4, 1)
    report.date_precision = "month"
    report.authors = "NKHR"
    report.save_revision().publish()
    factories.translate(report, "ko", title="메이드 인 차이나")
    for language, expected in (
        ("en", "April 2024 · NKHR"),
        ("ko", "2024년 4월 · NKHR"),
    ):
        html = client.get(f"/{language}/publications/made-in-china/").content.decode()
        line = _meta_line(html)
        text = " ".join(re.sub(r"<[^>]+>", "", line).split())
        assert text == expected, language
        assert not re.search(r"\s{2,}·", re.sub(r"<[^>]+>", "", line)), line
        # No bare text between the flex items: the dot belongs to the date's item.
        items = re.sub(r"<(\w+)[^>]*>.*?</\1>", "", line, flags=re.S)
        assert items.strip() == "", line
