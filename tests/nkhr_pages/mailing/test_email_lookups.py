"""Subscribers are found by ``lower(email)``, the expression of their unique
index: in any letter case, and (on PostgreSQL) through the index instead of
reading the whole table."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nkhr_pages.mailing.csv_io import import_subscribers
from nkhr_pages.mailing.models import Subscriber
from nkhr_pages.mailing.subscriptions import subscribe

INDEX = "nkhr_mailing_subscriber_unique_email"
CSV = "email,name,language,lists,organisation\nminji@example.org,,en,en_fnn,\n"


@pytest.fixture
def mixed_case_subscriber(db) -> Subscriber:
    """A row written before addresses were lower-cased on save (``update``
    skips ``save``): the unique index still holds it as one mailbox."""
    subscriber = Subscriber.objects.create(email="minji@example.org")
    Subscriber.objects.filter(pk=subscriber.pk).update(email="Minji@Example.ORG")
    return subscriber


def test_signing_up_finds_the_mailbox_in_any_letter_case(
    home_pages, mixed_case_subscriber, mailoutbox
):
    subscribe("MINJI@example.org", ["en_fnn"])
    assert list(Subscriber.objects.values_list("pk", flat=True)) == [
        mixed_case_subscriber.pk
    ]
    assert Subscriber.objects.by_email(" minji@EXAMPLE.org ").get().pk == (
        mixed_case_subscriber.pk
    )


def test_importing_finds_the_mailbox_in_any_letter_case(mixed_case_subscriber):
    result = import_subscribers(CSV.encode())
    assert (result.subscribers_created, result.subscriptions_added) == (0, 1)
    assert mixed_case_subscriber.subscriptions.get().mailing_list == "en_fnn"


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres
def test_lookups_by_address_use_the_unique_index(home_pages, mailoutbox):
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL query plan; this runs in the PostgreSQL pass")
    Subscriber.objects.create(email="minji@example.org")
    with CaptureQueriesContext(connection) as queries:
        subscribe("Minji@Example.org", ["en_fnn"])
        import_subscribers(CSV.encode())
    lookups = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT")
        and 'FROM "nkhr_mailing_subscriber"' in query["sql"]
        and '"email"' in query["sql"].split("WHERE", 1)[-1]
    ]
    assert len(lookups) >= 3, lookups  # sign-up, and both of the import's
    for sql in lookups:
        # Without seq scans allowed, a lookup the index cannot serve still
        # plans a (very costly) Seq Scan: the index name shows it can.
        assert INDEX in _plan(sql), sql
