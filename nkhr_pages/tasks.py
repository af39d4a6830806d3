"""Background work of the pages app, through django-tasks (the database
queue Wagtail's index updates use; ``manage.py db_worker`` runs it in
deployments)."""

from __future__ import annotations

from django_tasks import task

from .models import MediaCoverageImport
from .services import run_import_job


@task(takes_context=True)
def import_media_coverage_task(context, job_id: int) -> dict[str, int | str]:
    job = MediaCoverageImport.objects.select_related("index_page").get(pk=job_id)
    # The task's own id: run again by ``recover_tasks`` after its worker died,
    # it continues the import it had claimed (``run_import_job``).
    job = run_import_job(job, task_id=str(context.task_result.id))
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
