"""The search page and the autocomplete endpoint, on the configured backend."""

import datetime as dt

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from nkhr_pages.models import PublicationPage, StandardPage

from .conftest import rebuild_search_index


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
    assert response.context["outcome"].other_languages == []
    assert titles(client.get("/en/search/", {"q": "강제송환"})) == []


def test_content_type_filter_and_counts(client, site_content):
    response = client.get(
        "/en/search/", {"q": "repatriation", "type": "nkhr_pages.standardpage"}
    )
    assert titles(response) == ["About NKHR"]
    counts = dict(response.context["outcome"].type_counts)
    assert counts == {PublicationPage: 1, StandardPage: 1}


def test_year_filter_uses_the_content_date_and_date_order(client, site_content):
    about = site_content["about"]
    Page.objects.filter(pk=about.pk).update(
        first_published_at=dt.datetime(2019, 5, 1, tzinfo=dt.UTC)
    )
    rebuild_search_index()
    # The report's year is its publication date (2024), not when it was put online.
    assert site_content["report"].first_published_at.year != 2024
    in_2019 = client.get("/en/search/", {"q": "repatriation", "year": "2019"})
    assert titles(in_2019) == ["About NKHR"]
    in_2024 = client.get("/en/search/", {"q": "repatriation", "year": "2024"})
    assert titles(in_2024) == ["Forced repatriation from China"]
    years = {f.value: f.count for f in in_2024.context["outcome"].year_facets}
    assert years == {"2024": 1, "2019": 1}
    by_date = client.get("/en/search/", {"q": "repatriation", "order": "date"})
    assert titles(by_date) == ["Forced repatriation from China", "About NKHR"]


def test_the_engine_counts_the_year_facet_without_listing_the_matches(
    client, site_content, monkeypatch
):
    """The year facet listed every matching page's id (up to 60,000 at 100,000
    publications, benchmark of issue 22) and read their dates: each backend
    now counts the years itself (the year stored with each page on
    Elasticsearch, an SQL aggregation of the matches on the database)."""
    results_class = get_search_backend().results_class
    asked = []
    facet = results_class.facet

    def recording_facet(self, field_name):
        asked.append(field_name)
        return facet(self, field_name)

    monkeypatch.setattr(results_class, "facet", recording_facet)
    about = site_content["about"]
    Page.objects.filter(pk=about.pk).update(
        first_published_at=dt.datetime(2019, 5, 1, tzinfo=dt.UTC)
    )
    rebuild_search_index()

    response = client.get("/en/search/", {"q": "repatriation"})

    years = {f.value: f.count for f in response.context["outcome"].year_facets}
    assert years == {"2024": 1, "2019": 1}
    assert "id" not in asked
    # In the year's local time: 2019-12-31 23:30 UTC is 2020 in Seoul.
    Page.objects.filter(pk=about.pk).update(
        first_published_at=dt.datetime(2019, 12, 31, 23, 30, tzinfo=dt.UTC)
    )
    rebuild_search_index()
    response = client.get("/en/search/", {"q": "repatriation"})
    years = {f.value: f.count for f in response.context["outcome"].year_facets}
    assert years == {"2024": 1, "2020": 1}


def test_an_elasticsearch_index_without_stored_years_still_gets_its_facet(
    client, site_content, monkeypatch
):
    """An index built before the content year was stored with each page: the
    facet counts from the matching pages until ``update_index`` adds it."""
    from search.backends import elasticsearch8

    backend = get_search_backend()
    if not hasattr(backend, "es"):
        pytest.skip("Elasticsearch only (the year is stored in its index)")
    mapping = elasticsearch8.PrefetchingElasticsearch8Mapping
    get_document = mapping.get_document

    def document_of_the_old_version(self, obj):
        document = get_document(self, obj)
        document.pop(elasticsearch8.CONTENT_YEAR, None)
        return document

    monkeypatch.setattr(mapping, "get_document", document_of_the_old_version)
    rebuild_search_index()

    response = client.get("/en/search/", {"q": "repatriation"})

    years = {f.value: f.count for f in response.context["outcome"].year_facets}
    assert years == {"2024": 1, str(site_content["about"].first_published_at.year): 1}


def test_a_year_without_content_is_said_not_ignored(client, site_content):
    response = client.get("/en/search/", {"q": "repatriation", "year": "2025"})
    assert titles(response) == []
    assert response.context["outcome"].year_has_no_content
    assert "There is no content from 2025." in response.content.decode()
    korean = client.get("/ko/search/", {"q": "강제송환", "year": "2025"})
    assert "2025년 콘텐츠는 없습니다." in korean.content.decode()


def test_facets_have_visitors_labels_and_counts(client, site_content):
    response = client.get("/en/search/", {"q": "repatriation"})
    facets = response.context["outcome"].type_facets
    # Standard pages are found but are not a kind of content to filter by.
    assert [(f.label, f.count) for f in facets] == [("Publications", 1)]
    html = response.content.decode()
    assert 'href="?q=repatriation&amp;type=nkhr_pages.publicationpage"' in html
    assert "Publications" in html
    assert "(1)" in html
    assert "Standard page" not in html
    korean = client.get("/ko/search/", {"q": "강제송환"})
    assert [f.label for f in korean.context["outcome"].type_facets] == ["발간자료"]
    chosen = client.get(
        "/en/search/", {"q": "repatriation", "type": "nkhr_pages.publicationpage"}
    )
    assert titles(chosen) == ["Forced repatriation from China"]
    assert [f.selected for f in chosen.context["outcome"].type_facets] == [True]


def test_no_results_offers_the_other_language(client, site_content):
    response = client.get("/en/search/", {"q": "강제송환"})
    html = response.content.decode()
    assert '<p class="search-empty empty-state">' in html
    assert "<li>No results" not in html
    assert [
        (o.language_code, o.count) for o in response.context["outcome"].other_languages
    ] == [("ko", 1)]
    assert "1 result in 한국어" in html
    assert 'href="/ko/search/?q=%EA%B0%95%EC%A0%9C%EC%86%A1%ED%99%98"' in html
    latin = client.get("/ko/search/", {"q": "NKHR"})
    assert [o.language_code for o in latin.context["outcome"].other_languages] == ["en"]


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
