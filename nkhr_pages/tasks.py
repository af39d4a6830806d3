"""Background work of the nkhr_pages admin, through django-tasks (``TASKS``:
the database queue worked by ``manage.py db_worker`` in deployments)."""

from __future__ import annotations

from django_tasks import task

from .models import MediaCoverageImport
from .services import run_import_job


@task()
def import_media_coverage_task(job_id: int) -> dict[str, int | str]:
    job = MediaCoverageImport.objects.select_related("index_page").get(pk=job_id)
    job = run_import_job(job)
    return {"state": job.state, "created": job.created, "skipped": job.skipped}
