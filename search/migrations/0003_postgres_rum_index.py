"""On PostgreSQL with the RUM extension, a RUM index on ``title || body``.

GIN (migration 0002) finds the matching entries; RUM also keeps the positions
needed to rank them, so PostgreSQL can return the best-ranked entries in order
from the index and stop at the requested page, where otherwise it ranks every
match (see ``search/backends/postgres.py``). RUM ships separately from
PostgreSQL (Debian: ``postgresql-NN-rum``) and creating it needs a superuser:
without it this does nothing and search keeps Wagtail's ranking. Installed
later? ``manage.py migrate nkhr_search 0002 && manage.py migrate nkhr_search``.
"""

import logging

from django.db import migrations, transaction

INDEX = "nkhr_search_indexentry_title_body_rum"

logger = logging.getLogger(__name__)


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone() is None:
            logger.warning(
                "PostgreSQL has no RUM extension: search ranks every match "
                "(slower on large archives). Install postgresql-NN-rum to speed it up."
            )
            return
    try:
        # A savepoint, so that refusing the extension leaves the migration whole.
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
    except Exception as error:  # noqa: BLE001 (any refusal: keep going without)
        logger.warning("Could not create the RUM extension (%s): skipped.", error)
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
        "USING rum ((title || body) rum_tsvector_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("nkhr_search", "0002_postgres_search_vector_index")]

    operations = [migrations.RunPython(create_index, drop_index)]
