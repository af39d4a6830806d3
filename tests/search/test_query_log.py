"""The log of search terms is bounded: a crawler sending endless distinct
queries adds at most the day's budget of new terms, while terms already known
keep being counted for the report of frequent searches."""

from __future__ import annotations

import random
import string

import pytest
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits


def _random_query(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(12))


@pytest.fixture
def anonymous(client, home_pages):
    return client


def test_distinct_random_queries_add_at_most_the_daily_budget(anonymous, settings):
    settings.NKHR_SEARCH_NEW_QUERIES_PER_DAY = 5
    rng = random.Random(17)
    for _ in range(40):
        response = anonymous.get("/en/search/", {"q": _random_query(rng)})
        assert response.status_code == 200
    assert Query.objects.count() == 5
    assert QueryDailyHits.objects.count() == 5


def test_known_terms_keep_counting_after_the_budget_is_spent(anonymous, settings):
    settings.NKHR_SEARCH_NEW_QUERIES_PER_DAY = 3
    anonymous.get("/en/search/", {"q": "Repatriation"})
    rng = random.Random(3)
    for _ in range(20):
        anonymous.get("/en/search/", {"q": _random_query(rng)})
    for spelling in ("repatriation", "  REPATRIATION "):
        anonymous.get("/ko/search/", {"q": spelling})
    assert Query.objects.count() == 3
    popular = Query.get_most_popular()
    assert popular[0].query_string == "repatriation"
    assert popular[0].hits == 3


def test_looking_up_editors_picks_logs_nothing_and_long_queries_are_not_logged(
    anonymous, settings
):
    settings.NKHR_SEARCH_NEW_QUERIES_PER_DAY = 0
    anonymous.get("/en/search/", {"q": "abductions"})
    assert not Query.objects.exists()

    settings.NKHR_SEARCH_NEW_QUERIES_PER_DAY = 100
    settings.NKHR_SEARCH_LOGGED_QUERY_MAX_LENGTH = 20
    anonymous.get("/en/search/", {"q": "x" * 21})
    assert not Query.objects.exists()
    anonymous.get("/en/search/", {"q": "abductions"})
    assert list(Query.objects.values_list("query_string", flat=True)) == ["abductions"]


def test_the_budget_is_per_day(anonymous, settings, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    settings.NKHR_SEARCH_NEW_QUERIES_PER_DAY = 1
    anonymous.get("/en/search/", {"q": "first"})
    anonymous.get("/en/search/", {"q": "second"})
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr("search.query_log.timezone.localdate", lambda: tomorrow)
    anonymous.get("/en/search/", {"q": "third"})
    assert sorted(Query.objects.values_list("query_string", flat=True)) == [
        "first",
        "third",
    ]
