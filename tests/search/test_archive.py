"""The publication archive's search and facets (nkhr_pages.queries.ArchiveSearch),
through the configured search backend."""

import datetime as dt

import pytest

from nkhr_pages.models.publications import PublicationType
from tests import factories

from .conftest import rebuild_search_index


@pytest.fixture
def corpus(make_publication, locales):
    forced = factories.PublicationTopicFactory(
        name="Forced labour", slug="forced-labour"
    )
    forced_ko = forced.copy_for_translation(locales["ko"])
    forced_ko.name, forced_ko.slug = "강제노동", "강제노동"
    forced_ko.save()
    un = factories.PublicationTopicFactory(name="UN advocacy", slug="un-advocacy")
    pages = {}
    for slug, en, ko, kind, date, topics in [
        (
            "made-in-china",
            "Made in China: forced labour of North Korean workers",
            "메이드 인 차이나: 북한 노동자의 강제노동",
            PublicationType.RESEARCH_REPORT,
            dt.date(2024, 11, 29),
            [forced],
        ),
        (
            "upr",
            "Submission on forced repatriation to the UPR",
            "강제송환에 관한 UPR 제출 보고서",
            PublicationType.UN_SUBMISSION,
            dt.date(2023, 12, 1),
            [un],
        ),
        (
            "statement",
            "Statement on forced repatriation from China",
            "중국의 강제 송환을 규탄한다",
            PublicationType.STATEMENT,
            dt.date(2024, 3, 5),
            [],
        ),
    ]:
        page, ko_page = make_publication(
            slug,
            {"title": en},
            {"title": ko},
            publication_type=kind,
            publication_date=date,
        )
        for translation, chosen in [
            (page, topics),
            (ko_page, [forced_ko] if forced in topics else []),
        ]:
            translation.topics.set(chosen)
            translation.save_revision().publish()
        pages[slug] = page
    rebuild_search_index()
    return pages


def titles(response):
    return [p.title for p in response.context["publications"]]


def facet(response, name):
    return {f.value: f.count for f in response.context["facets"][name]}


def test_query_with_facet_counts(client, corpus):
    response = client.get("/en/publications/", {"q": "forced repatriation"})
    assert response.status_code == 200
    assert set(titles(response)) == {
        "Submission on forced repatriation to the UPR",
        "Statement on forced repatriation from China",
    }
    assert facet(response, "type") == {"un_submission": 1, "statement": 1}
    assert facet(response, "year") == {2024: 1, 2023: 1}
    assert facet(response, "topic") == {"un-advocacy": 1}
    assert facet(response, "lang") == {"en": 2}


def test_facets_combine_and_stay_in_the_url(client, corpus):
    response = client.get(
        "/en/publications/", {"q": "forced", "year": "2024", "order": "oldest"}
    )
    assert titles(response) == [
        "Statement on forced repatriation from China",
        "Made in China: forced labour of North Korean workers",
    ]
    # The year facet ignores its own filter, the others apply it.
    assert facet(response, "year") == {2024: 2, 2023: 1}
    assert facet(response, "type") == {"research_report": 1, "statement": 1}
    html = response.content.decode()
    assert 'href="?q=forced&amp;year=2023&amp;order=oldest"' in html
    narrowed = client.get(
        "/en/publications/", {"q": "forced", "year": "2024", "topic": "forced-labour"}
    )
    assert titles(narrowed) == ["Made in China: forced labour of North Korean workers"]


def test_korean_query_in_the_korean_archive(client, corpus):
    response = client.get("/ko/publications/", {"q": "강제송환"})
    assert set(titles(response)) == {
        "강제송환에 관한 UPR 제출 보고서",
        "중국의 강제 송환을 규탄한다",
    }
    assert facet(client.get("/ko/publications/", {"q": "강제노동"}), "topic") == {
        "강제노동": 1
    }


def test_language_facet_and_all_languages(client, corpus):
    response = client.get("/en/publications/", {"q": "UPR", "lang": "all"})
    assert facet(response, "lang") == {"en": 1, "ko": 1}
    assert len(titles(response)) == 2
    korean = client.get("/en/publications/", {"q": "강제송환", "lang": "ko"})
    assert set(titles(korean)) == {
        "강제송환에 관한 UPR 제출 보고서",
        "중국의 강제 송환을 규탄한다",
    }


def test_listing_without_query_has_counts_too(client, corpus):
    response = client.get("/en/publications/", {"type": "statement"})
    assert titles(response) == ["Statement on forced repatriation from China"]
    assert facet(response, "type") == {
        "research_report": 1,
        "un_submission": 1,
        "statement": 1,
    }
    assert facet(response, "year") == {2024: 1}


@pytest.mark.parametrize(
    "params",
    [
        {"q": '"'},
        {"q": "title:x AND (", "order": "nonsense", "lang": "xx"},
        {"q": "x" * 10_000},
        {"q": "forced", "type": "cookbook", "year": "abc", "topic": "nope"},
        {"q": "forced", "page": "abc"},
        {"q": "the of and"},
        {"q": "forc\x00ed & !labour"},
        {"q": "을 의"},
        {"q": "강제노동😀", "year": "-1", "page": "-1"},
    ],
)
def test_bad_archive_input_gives_a_normal_page(client, corpus, params):
    assert client.get("/en/publications/", params).status_code == 200
