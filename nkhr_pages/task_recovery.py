"""Tasks left RUNNING by a worker that died, put back in the queue.

django-tasks' database worker (``db_worker``) marks a task RUNNING when it
claims it and SUCCESSFUL or FAILED when it ends. A worker killed in between
(``kill -9``, out of memory, a stop that outlasted ``TimeoutStopSec``, the
machine lost) leaves the task RUNNING for ever: django-tasks never retries it,
so its search-index update or front-end cache purge is lost (the rehearsal,
docs/benchmarks.md). ``manage.py recover_tasks`` runs before each worker starts
(``ExecStartPre`` of the systemd units in cms/deploy/, docs/deploy.md).

Which RUNNING task is orphaned is decided by the worker id django-tasks records
on every task it claims (``worker_ids``), not by how long it has run: each
worker unit runs with a fixed id of its own (``--worker-id``, the unit and host
names), and systemd runs a unit's ``ExecStartPre`` only once the unit's
previous process has gone. At that moment a RUNNING task whose last worker id
is the unit's own was left by a dead process, however recent. A task claimed
under another id is never taken on that ground: two workers may run one queue,
and the other one may be alive and in the middle of that very task (an OCR of a
long scan takes minutes; running it twice at once would do the work twice and
race on its result).

A worker that never comes back (its machine removed, its unit renamed) leaves
tasks that no restart claims as its own. ``older_than`` also takes RUNNING
tasks started longer ago than any task of the site runs. That is a guess about
time, so the units give it a wide margin (a day).

A task whose workers died ``max_attempts`` times may be what kills them (a scan
too large for memory): it is marked FAILED with the reason, so that it does not
take down every worker after it. Every task of the site can run again safely:
index updates and purges are idempotent, a monthly charge names its payment
(monthly.py), a newsletter send resumes where it stopped, a media coverage
import continues the file it had claimed and skips the rows already imported
(services.py ``run_import_job``; given up, it shows the editor it stopped).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

DEFAULT_MAX_ATTEMPTS = 3


class WorkerLostError(Exception):
    """Recorded on a task given up on: its worker died while running it."""


@dataclass
class Recovery:
    """What one recovery did: task ids requeued and task ids marked failed."""

    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def recover_tasks(
    *,
    worker_id: str | None,
    queue_names: list[str],
    older_than: timedelta | None = None,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    backend_name: str = "default",
) -> Recovery:
    """Requeue the RUNNING tasks of ``queue_names`` (``["*"]``: every queue)
    whose last worker is ``worker_id`` (a process known to be dead), or that
    started more than ``older_than`` ago; mark FAILED those whose workers died
    ``max_attempts`` times."""
    if worker_id is None and older_than is None:
        raise ValueError("name the dead worker's id, or an age, or both")
    running = DBTaskResult.objects.running().filter(backend_name=backend_name)
    if "*" not in queue_names:
        running = running.filter(queue_name__in=queue_names)
    now = timezone.now()
    recovery = Recovery()
    # Locked, and skipping rows locked already: two recoveries started at once
    # (two units on one machine) take each task once.
    with exclusive_transaction(running.db):
        for task in running.select_for_update(skip_locked=True):
            last_worker = task.worker_ids[-1] if task.worker_ids else None
            own = worker_id is not None and last_worker == worker_id
            stale = (
                older_than is not None
                and task.started_at is not None
                and task.started_at < now - older_than
            )
            if not (own or stale):
                continue
            # Each claim appends the claiming worker's id: their number is the
            # number of times the task was started.
            if len(task.worker_ids) >= max_attempts:
                _give_up(task, last_worker, now)
                recovery.failed.append(str(task.id))
            else:
                task.status = TaskResultStatus.READY
                task.started_at = None
                task.save(update_fields=["status", "started_at"])
                recovery.requeued.append(str(task.id))
    return recovery


def _give_up(task: DBTaskResult, last_worker: str | None, now) -> None:
    error = WorkerLostError(
        f"The worker {last_worker or '(unknown)'} stopped while running this task, "
        f"after {len(task.worker_ids)} attempts by workers that all stopped: "
        "not retried again (manage.py recover_tasks, docs/deploy.md)."
    )
    task.status = TaskResultStatus.FAILED
    task.finished_at = now
    task.return_value = None
    task.exception_class_path = f"{__name__}.{WorkerLostError.__qualname__}"
    task.traceback = f"{task.exception_class_path}: {error}\n"
    task.save(
        update_fields=[
            "status",
            "finished_at",
            "return_value",
            "exception_class_path",
            "traceback",
        ]
    )
