"""update_index reports progress per chunk (count, percentage, rate)."""

from io import StringIO

from django.core.management import call_command


def test_update_index_shows_progress(standard_page):
    for number in range(5):
        standard_page(f"page-{number}", title=f"Page {number}")
    out = StringIO()
    call_command("update_index", "--chunk_size", "2", stdout=out)
    output = out.getvalue()
    standard = output.split("nkhr_pages.StandardPage", 1)[1].split("default:", 1)[0]
    assert "2/5 (40%)" in standard
    assert "4/5 (80%)" in standard
    assert "5/5 (100%)" in standard
    assert "objects/s" in standard


def _topic_queries_while_indexing(make_publication, count: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from nkhr_pages.models import PublicationPage
    from tests import factories

    topic = factories.PublicationTopicFactory()
    for number in range(count):
        page, _ko = make_publication(f"report-{count}-{number}", {"title": "Report"})
        page.topics.set([topic])
        page.save_revision().publish()
    assert PublicationPage.objects.filter(topics=topic).count() == count
    with CaptureQueriesContext(connection) as queries:
        call_command("update_index", stdout=StringIO())
    table = PublicationPage.topics.through._meta.db_table
    return sum(table in query["sql"] for query in queries.captured_queries)


def test_indexing_publications_asks_for_their_topics_once_per_chunk(
    make_publication,
):
    """Topics (a ParentalManyToManyField, which Wagtail does not prefetch) are
    fetched per chunk of publications, not per publication."""
    few = _topic_queries_while_indexing(make_publication, 2)
    many = _topic_queries_while_indexing(make_publication, 6)
    assert few == many
