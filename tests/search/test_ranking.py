"""Relevance order on the configured backend: a title match outranks a body match
(Wagtail boosts titles), and counts agree with the results."""

from nkhr_pages.models import PublicationPage

from .conftest import rebuild_search_index


def test_title_match_ranks_first_and_count_matches(make_publication):
    make_publication("body", {"title": "Annual report", "summary": "On torture."})
    make_publication("title", {"title": "Torture in detention", "summary": "Findings."})
    make_publication("other", {"title": "Abductees", "summary": "Families."})
    rebuild_search_index()
    results = PublicationPage.objects.live().search("torture")
    assert [page.slug for page in results] == ["title", "body"]
    assert results.count() == 2
    assert [page.slug for page in results[1:]] == ["body"]
