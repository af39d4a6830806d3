"""PostgreSQL: indexes on the expression Wagtail's search matches on (GIN to find
the matches, RUM to read them in relevance order)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from nkhr_pages.models import PublicationPage
from search.backends import postgres as postgres_backend
from tests.services import service_missing

INDEX = "nkhr_search_indexentry_title_body_gin"
RUM_INDEX = postgres_backend.RUM_INDEX


@pytest.fixture
def postgres_database_backend(settings):
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL index; this runs in the PostgreSQL pass")
    if "elasticsearch" in settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]:
        pytest.skip("searches Elasticsearch, not the database, in this pass")


def test_searches_match_on_the_indexed_expression(
    postgres_database_backend, make_publication
):
    make_publication("report", {"title": "Torture in detention"})
    pages = PublicationPage.objects.live().filter(
        locale=Locale.objects.get(language_code="en")
    )
    with CaptureQueriesContext(connection) as queries:
        assert len(list(pages.search("torture")[:10])) == 1
    [search_sql] = [q["sql"] for q in queries.captured_queries if "@@" in q["sql"]]
    # What Wagtail matches on...
    assert (
        '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@'
        in search_sql
    )
    # ...is what the index holds, and PostgreSQL can use it for that match.
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [INDEX])
        [(definition,)] = cursor.fetchall()
        assert "gin (((title || body)))" in definition
        # The RUM index (below) serves this match too; this is about GIN.
        # Dropped inside the test's transaction: the rollback restores it.
        cursor.execute(f"DROP INDEX IF EXISTS {RUM_INDEX}")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM wagtailsearch_indexentry "
            "WHERE (title || body) @@ to_tsquery('english', 'torture')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert INDEX in plan


@pytest.fixture
def rum_index(postgres_database_backend, db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone() is None:
            service_missing(
                "PostgreSQL's RUM extension is not installed "
                "(scripts/services/postgres.sh installs postgresql-NN-rum)"
            )
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s", [RUM_INDEX]
        )
        [(definition,)] = cursor.fetchall()
    return definition


def _english_publications():
    return PublicationPage.objects.live().filter(
        locale=Locale.objects.get(language_code="en")
    )


def _search_sql_ranking_title_over_body(make_publication) -> str:
    """A title match ranks above a body match; the SQL of that search."""
    make_publication("body", {"title": "Annual report", "summary": "On torture."})
    make_publication("title", {"title": "Torture in detention", "summary": "Findings."})
    with CaptureQueriesContext(connection) as queries:
        results = list(_english_publications().search("torture")[:10])
    assert [page.slug for page in results] == ["title", "body"]
    [search_sql] = [q["sql"] for q in queries.captured_queries if "@@" in q["sql"]]
    return search_sql


def test_relevance_order_is_read_from_the_rum_index(rum_index, make_publication):
    assert "USING rum (((title || body)))" in rum_index
    search_sql = _search_sql_ranking_title_over_body(make_publication)
    assert "<=>" in search_sql
    assert "ts_rank" not in search_sql
    # PostgreSQL can take that order from the index (on a two-row table it
    # would rather sort, hence the planner settings).
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM wagtailsearch_indexentry "
            "WHERE (title || body) @@ to_tsquery('english', 'tortur') "
            "ORDER BY (title || body) <=> to_tsquery('english', 'tortur') LIMIT 10"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"Index Scan using {RUM_INDEX}" in plan
    assert "Order By" in plan


def test_scores_are_higher_for_better_matches(rum_index, make_publication):
    make_publication("body", {"title": "Annual report", "summary": "On torture."})
    make_publication("title", {"title": "Torture in detention", "summary": "Torture."})
    results = list(_english_publications().search("torture").annotate_score("score"))
    assert [page.slug for page in results] == ["title", "body"]
    assert results[0].score > results[1].score > 0


def test_without_the_rum_index_wagtails_ranking_is_used(
    postgres_database_backend, make_publication, monkeypatch
):
    monkeypatch.setattr(postgres_backend, "rum_index_exists", lambda alias: False)
    search_sql = _search_sql_ranking_title_over_body(make_publication)
    assert "ts_rank" in search_sql
    assert "<=>" not in search_sql


def test_date_order_and_field_searches_do_not_use_rum_ranking(
    rum_index, make_publication
):
    make_publication(
        "old",
        {"title": "Torture 2019", "summary": "Torture."},
        publication_date=dt.date(2019, 1, 1),
    )
    make_publication(
        "new",
        {"title": "Torture 2024", "summary": "Torture."},
        publication_date=dt.date(2024, 1, 1),
    )
    by_date = (
        _english_publications()
        .order_by("-publication_date")
        .search("torture", order_by_relevance=False)
    )
    assert [page.slug for page in by_date] == ["new", "old"]
    in_title = _english_publications().search("2019", fields=["title"])
    assert [page.slug for page in in_title] == ["old"]


def test_update_index_refreshes_the_planners_statistics(
    postgres_database_backend, make_publication
):
    """A rebuild rewrites every entry: PostgreSQL should not plan on old counts."""
    for number in range(3):
        make_publication(f"report-{number}", {"title": f"Report {number}"})
    call_command("update_index", stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM wagtailsearch_indexentry")
        [(entries,)] = cursor.fetchall()
        # ANALYZE counts the rows this (test) transaction wrote, which no
        # autovacuum can see: the estimate is exact only if update_index ran it.
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = 'wagtailsearch_indexentry'"
        )
        [(estimate,)] = cursor.fetchall()
    assert entries >= 6
    assert estimate == entries
