"""PostgreSQL: an index on the expression Wagtail's search matches on."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from nkhr_pages.models import PublicationPage

INDEX = "nkhr_search_indexentry_title_body_gin"


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
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM wagtailsearch_indexentry "
            "WHERE (title || body) @@ to_tsquery('english', 'torture')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert INDEX in plan
