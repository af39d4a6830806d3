"""On SQLite, rebuild Wagtail's FTS5 table with the porter tokenizer.

Wagtail creates it with FTS5's default tokenizer, which does not stem: a search for
"report" would miss "reports". The triggers that copy index entries into the table
refer to it by name, so they keep working. Other databases: nothing to do.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry_fts"
COLUMNS = "autocomplete, body, title"


def _rebuild(apps, schema_editor, tokenize):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name=%s", [TABLE]
        )
        if cursor.fetchone() is None:
            return  # SQLite without FTS5: Wagtail falls back to LIKE matching
        cursor.execute(f"DROP TABLE {TABLE}")
        cursor.execute(
            f"CREATE VIRTUAL TABLE {TABLE} USING fts5({COLUMNS}{tokenize})"
        )
        cursor.execute(
            f"INSERT INTO {TABLE}(rowid, title, body, autocomplete) "
            "SELECT id, title, body, autocomplete FROM wagtailsearch_indexentry"
        )


def use_porter(apps, schema_editor):
    _rebuild(apps, schema_editor, ", tokenize='porter unicode61 remove_diacritics 2'")


def use_default(apps, schema_editor):
    _rebuild(apps, schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(use_porter, use_default)]
