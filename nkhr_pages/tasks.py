"""Background work of the pages app, through django-tasks (the queue Wagtail's
index updates use; ``db_worker`` runs it in deployments)."""

from __future__ import annotations

from django_tasks import task


@task()
def extract_document_text_task(document_id: int, force: bool = False) -> str:
    """Read a document's text page by page and re-index the pages carrying it."""
    from .document_text import extract_document_text

    return str(extract_document_text(document_id, force=force))
