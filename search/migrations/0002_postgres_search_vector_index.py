"""On PostgreSQL, index the expression Wagtail's search matches on.

Wagtail's PostgreSQL backend searches with ``(title || body) @@ query``, but only
indexes ``title`` and ``body`` one by one, so every search read and concatenated
every index entry (a sequential scan: about 0.6 s at 100,000 publications). A GIN
index on that very expression lets PostgreSQL find the matching entries directly.
Other databases: nothing to do.
"""

from django.db import migrations

INDEX = "nkhr_search_indexentry_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
        "USING gin ((title || body))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("nkhr_search", "0001_sqlite_fts_porter"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
