"""Searches that found nothing: spelling suggestions (search/spelling.py), then
the pages with some of the words."""

from collections import Counter

import pytest

from search import spelling
from search.models import SearchTermOutcome

from .test_views import titles


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("abductees", "abductees", 0),
        ("abductess", "abductees", 1),
        ("scholarhsips", "scholarships", 1),  # two letters swapped
        ("dissapearance", "disappearance", 2),
        ("china", "korea", 3),  # past the limit: limit + 1
    ],
)
def test_edit_distance(a, b, distance):
    assert spelling.edit_distance(a, b, limit=2) == min(distance, 3)


def test_a_misspelt_word_becomes_the_nearest_known_word():
    words = Counter({"repatriation": 3, "abductees": 2, "abducted": 1, "china": 5})
    assert spelling.correct_word("repatriaton", words) == "repatriation"
    assert spelling.correct_word("abductess", words) == "abductees"
    assert spelling.correct_word("china", words) == "china"  # known
    assert spelling.correct_word("xyzzyq", words) == "xyzzyq"  # nothing near
    assert spelling.correct_word("upr", words) == "upr"  # too short to guess


def test_a_misspelt_search_shows_the_corrected_results_and_says_so(
    client, site_content
):
    response = client.get("/en/search/", {"q": "Repatriaton"})
    outcome = response.context["outcome"]
    assert outcome.corrected_query == "repatriation"
    assert "Forced repatriation from China" in titles(response)
    html = response.content.decode()
    assert "Showing results for “repatriation”" in html
    assert "exact=1" in html
    # The editors' report counts the query as typed: it found nothing.
    outcome_row = SearchTermOutcome.objects.get(query__query_string="repatriaton")
    assert (outcome_row.searches, outcome_row.searches_without_results) == (1, 1)
    # The visitor can insist on the words as typed.
    exact = client.get("/en/search/", {"q": "Repatriaton", "exact": "1"})
    assert titles(exact) == []
    assert exact.context["outcome"].corrected_query == ""
    assert "No results for" in exact.content.decode()


def test_pages_with_some_of_the_words_when_none_has_all(client, site_content):
    response = client.get("/en/search/", {"q": "repatriation zebras"})
    outcome = response.context["outcome"]
    assert outcome.any_words
    assert "Forced repatriation from China" in titles(response)
    assert "No page has all the words" in response.content.decode()
    # One word found nowhere is not a search for "some of the words".
    nothing = client.get("/en/search/", {"q": "zebras"})
    assert not nothing.context["outcome"].any_words
    assert titles(nothing) == []
