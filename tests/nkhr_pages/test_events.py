"""Events: the page (dates, place, organisers) and the index."""

from __future__ import annotations

import datetime

import pytest

from tests import factories


@pytest.fixture
def events(make_section):
    return make_section(factories.EventIndexPageFactory, "Events", "행사")


def test_event_page_in_both_locales(client, events):
    page = factories.EventPageFactory(
        parent=events[0],
        title="2024 Healing Concert",
        slug="healing-concert-2024",
        start_date=datetime.date(2024, 11, 26),
        location="Seoul",
        organisers="Ministry of Unification",
    )
    factories.translate(page, "ko", title="2024 치유 음악회", location="서울")
    en = client.get("/en/events/healing-concert-2024/").content.decode()
    ko = client.get("/ko/events/healing-concert-2024/").content.decode()
    assert '<time datetime="2024-11-26">' in en
    assert "Ministry of Unification" in en
    assert "<h1>2024 치유 음악회</h1>" in ko
    assert "서울" in ko


def test_index_year_filter_and_bad_input(client, events):
    factories.EventPageFactory(
        parent=events[0], title="Symposium", start_date=datetime.date(2024, 7, 3)
    )
    factories.EventPageFactory(
        parent=events[0], title="Old conference", start_date=datetime.date(2019, 5, 1)
    )
    response = client.get("/en/events/?year=2024")
    assert [p.title for p in response.context["items"]] == ["Symposium"]
    for query in ("year=99999", "year=abc", "page=abc", "page=0"):
        response = client.get(f"/en/events/?{query}")
        assert response.status_code == 200
        assert len(response.context["items"]) == 2


def test_index_costs_constant_queries(client, events, django_assert_max_num_queries):
    def add(count: int) -> None:
        for _n in range(count):
            factories.EventPageFactory(parent=events[0])

    add(2)
    with django_assert_max_num_queries(40) as small:
        client.get("/en/events/")
    small_count = len(small.captured_queries)
    add(10)
    with django_assert_max_num_queries(small_count):
        response = client.get("/en/events/")
    assert len(response.context["items"]) == 12
