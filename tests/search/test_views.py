"""The search page and the autocomplete endpoint, on the configured backend."""

import datetime as dt

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

from nkhr_pages.models import PublicationPage, StandardPage

from .conftest import rebuild_search_index


@pytest.fixture
def site_content(make_publication, standard_page):
    report, report_ko = make_publication(
        "forced-repatriation",
        {
            "title": "Forced repatriation from China",
            "summary": "<script>alert('x')</script> Escapees (1 < 2) face "
            "forced repatriation.",
        },
        {"title": "중국의 강제송환", "summary": "탈북민 강제송환을 중단하라."},
    )
    about = standard_page(
        "about",
        title="About NKHR",
        introduction="Founded in 1996 to document forced repatriation and abductions.",
    )
    rebuild_search_index()
    return {"report": report, "report_ko": report_ko, "about": about}


def titles(response):
    return [hit.page.title for hit in response.context["outcome"].hits]


def test_search_in_the_current_locale_with_highlighted_safe_snippets(
    client, site_content
):
    response = client.get("/en/search/", {"q": "repatriation"})
    assert response.status_code == 200
    assert set(titles(response)) == {"Forced repatriation from China", "About NKHR"}
    html = response.content.decode()
    assert "<mark>repatriation</mark>" in html
    assert "<script>alert" not in html
    assert "(1 &lt; 2)" in html

    korean = client.get("/ko/search/", {"q": "강제송환"})
    assert titles(korean) == ["중국의 강제송환"]
    assert "<mark>강제송환</mark>" in korean.content.decode()


def test_all_languages_option(client, site_content):
    response = client.get("/en/search/", {"q": "강제송환", "all": "1"})
    assert titles(response) == ["중국의 강제송환"]
    assert titles(client.get("/en/search/", {"q": "강제송환"})) == []


def test_content_type_filter_and_counts(client, site_content):
    response = client.get(
        "/en/search/", {"q": "repatriation", "type": "nkhr_pages.standardpage"}
    )
    assert titles(response) == ["About NKHR"]
    counts = dict(response.context["outcome"].type_counts)
    assert counts == {PublicationPage: 1, StandardPage: 1}


def test_year_filter_and_date_order(client, site_content):
    about = site_content["about"]
    Page.objects.filter(pk=about.pk).update(
        first_published_at=dt.datetime(2019, 5, 1, tzinfo=dt.UTC)
    )
    rebuild_search_index()
    this_year = site_content["report"].first_published_at.year
    in_2019 = client.get("/en/search/", {"q": "repatriation", "year": "2019"})
    assert titles(in_2019) == ["About NKHR"]
    assert titles(
        client.get("/en/search/", {"q": "repatriation", "year": this_year})
    ) == ["Forced repatriation from China"]
    by_date = client.get("/en/search/", {"q": "repatriation", "order": "date"})
    assert titles(by_date) == ["Forced repatriation from China", "About NKHR"]


def test_pagination(client, standard_page):
    for number in range(12):
        standard_page(f"statement-{number}", title=f"Statement on abductions {number}")
    rebuild_search_index()
    first = client.get("/en/search/", {"q": "abductions"})
    second = client.get("/en/search/", {"q": "abductions", "page": "2"})
    assert len(titles(first)) == 10
    assert len(titles(second)) == 2
    assert not set(titles(first)) & set(titles(second))
    assert 'href="?q=abductions&amp;page=2"' in first.content.decode()


def test_editors_picks_come_first(client, site_content):
    SearchPromotion.objects.create(
        query=Query.get("repatriation"),
        page=site_content["about"],
        description="Start here",
    )
    response = client.get("/en/search/", {"q": "Repatriation"})
    promotions = response.context["outcome"].promotions
    assert [p.page.pk for p in promotions] == [site_content["about"].pk]
    assert "Start here" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "x" * 10_000},
        {"q": '"'},
        {"q": "*"},
        {"q": ":"},
        {"q": "("},
        {"q": "AND"},
        {"q": "title:x"},
        {"q": "repatriation", "page": "0"},
        {"q": "repatriation", "page": "abc"},
        {"q": "repatriation", "page": "999"},
        {"q": "repatriation", "type": "nosuch.model", "year": "abc", "order": "x"},
        {"q": "repatriation", "year": "99999999999999999999"},
        # Words every engine drops, and characters that are operators somewhere.
        {"q": "the of and"},
        {"q": "   "},
        {"q": "-repatriation"},
        {"q": "!repatriation & | <-> :*"},
        {"q": "repatriation' OR '1'='1"},
        {"q": "repat% _ \\"},
        {"q": "forc\x00ed"},
        {"q": "을 의 는"},
        {"q": "인권😀 🙂"},
        {"q": "強制送還 인권 human"},
    ],
)
def test_bad_input_gives_a_normal_page(client, site_content, params):
    response = client.get("/en/search/", params)
    assert response.status_code == 200
    if params.get("type"):
        # Unknown filters are ignored, not an error.
        assert len(titles(response)) == 2


@pytest.mark.parametrize("query", ["-repatriation", "!repatriation", "repatriation:*"])
def test_operator_characters_are_not_operators(client, site_content, query):
    plain = titles(client.get("/en/search/", {"q": "repatriation"}))
    assert plain
    assert titles(client.get("/en/search/", {"q": query})) == plain


def test_autocomplete_json(client, site_content):
    response = client.get("/en/search/autocomplete/", {"q": "forc"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results == [
        {
            "title": "Forced repatriation from China",
            "url": "/en/publications/forced-repatriation/",
        }
    ]
    assert (
        client.get("/ko/search/autocomplete/", {"q": "강제"}).json()["results"][0][
            "title"
        ]
        == "중국의 강제송환"
    )
    for hostile in ["", '"', "(", "x" * 10_000, "the", "%", "_", "\x00", "을", "😀"]:
        assert client.get("/en/search/autocomplete/", {"q": hostile}).status_code == 200


def test_elasticsearch_down_gives_503_and_the_site_keeps_working(
    client, site_content, settings, make_publication
):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.elasticsearch8",
            "URLS": ["http://127.0.0.1:9"],  # nothing listens on the discard port
            "TIMEOUT": 2,
            "OPTIONS": {"max_retries": 0},
        }
    }
    response = client.get("/en/search/", {"q": "repatriation"})
    assert response.status_code == 503
    assert "Search is unavailable" in response.content.decode()
    assert client.get("/en/search/autocomplete/", {"q": "forc"}).status_code == 503
    assert client.get("/en/").status_code == 200
    # Publishing still works: the index update fails quietly in its task.
    page, _ = make_publication(
        "while-down", {"title": "Published while search is down"}
    )
    assert client.get(page.url).status_code == 200
