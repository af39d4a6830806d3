"""Background work of the pages app, through django-tasks (the database
queue Wagtail's index updates use; ``manage.py db_worker`` runs it in
deployments)."""

from __future__ import annotations

from django_tasks import task

from .models import MediaCoverageImport
from .services import run_import_job


@task()
def import_media_coverage_task(job_id: int) -> dict[str, int | str]:
    job = MediaCoverageImport.objects.select_related("index_page").get(pk=job_id)
    job = run_import_job(job)
    return {"state": job.state, "created": job.created, "skipped": job.skipped}


@task()
def extract_document_text_task(document_id: int, force: bool = False) -> str:
    """Read a document's text page by page and re-index the pages carrying it."""
    from .document_text import extract_document_text

    return str(extract_document_text(document_id, force=force))


@task()
def generate_cover_task(document_id: int) -> str:
    """Draw a publication cover from the first page of a PDF."""
    from .covers import generate_cover

    return generate_cover(document_id)
