"""Searches counted per language and whether they found anything, and the admin
report of them with its spreadsheet export."""

from wagtail.contrib.search_promotions.models import Query

from search.models import SearchTermOutcome
from search.search_log import record_search_outcome


def test_only_terms_in_the_log_are_counted(db):
    record_search_outcome("never logged", "en", 0)
    assert not SearchTermOutcome.objects.exists()
    Query.objects.create(query_string="repatriation")
    record_search_outcome("Repatriation", "en", 3)
    record_search_outcome("repatriation", "en", 0)
    record_search_outcome("repatriation", "ko", 0)
    rows = {
        (row.language_code, row.searches, row.searches_without_results)
        for row in SearchTermOutcome.objects.all()
    }
    assert rows == {("en", 2, 1), ("ko", 1, 1)}


def test_a_search_page_counts_its_language_and_empty_results(client, site_content):
    client.get("/en/search/", {"q": "repatriation"})
    client.get("/ko/search/", {"q": "repatriation"})
    by_language = {
        row.language_code: (row.searches, row.searches_without_results)
        for row in SearchTermOutcome.objects.filter(query__query_string="repatriation")
    }
    assert by_language == {"en": (1, 0), "ko": (1, 1)}


def test_report_lists_frequent_and_empty_terms_with_export(admin_client, db):
    found = Query.objects.create(query_string="repatriation")
    empty = Query.objects.create(query_string="xyzzy")
    for _ in range(3):
        record_search_outcome(found.query_string, "en", 5)
    record_search_outcome(empty.query_string, "ko", 0)
    response = admin_client.get("/admin/reports/search-terms-by-language/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("repatriation") < html.index("xyzzy")
    only_empty = admin_client.get(
        "/admin/reports/search-terms-by-language/",
        {"without_results": "true", "language_code": "ko"},
    ).content.decode()
    assert "xyzzy" in only_empty
    assert "repatriation" not in only_empty
    export = admin_client.get(
        "/admin/reports/search-terms-by-language/", {"export": "csv"}
    )
    lines = export.getvalue().decode().splitlines()
    assert lines[0] == "Search term,Language,Searches,Searches without results"
    assert lines[1:] == ["repatriation,en,3,0", "xyzzy,ko,1,1"]


def test_report_needs_the_right_to_manage_promoted_results(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x" * 12)
    client.force_login(user)
    response = client.get("/admin/reports/search-terms-by-language/")
    assert response.status_code in {302, 403}
