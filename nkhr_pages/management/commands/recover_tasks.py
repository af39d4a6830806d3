"""``recover_tasks``: put back in the queue the tasks a dead worker left RUNNING
(nkhr_pages/task_recovery.py). Run before each ``db_worker`` starts, with the
same ``--worker-id`` and ``--queue-name`` (cms/deploy/systemd/)."""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError


def _positive(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Requeue the tasks left RUNNING by a worker that died: those whose last "
        "worker is --worker-id (run this before that worker starts again), and "
        "with --older-than, those of any worker started longer ago than that."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--worker-id",
            help="The id the worker about to start runs with (db_worker "
            "--worker-id): its earlier process is gone, so its RUNNING tasks are "
            "orphaned.",
        )
        parser.add_argument(
            "--queue-name",
            default="default",
            help="The worker's queues, comma-separated, '*' for all "
            "(default: %(default)s).",
        )
        parser.add_argument(
            "--older-than",
            type=_positive,
            metavar="SECONDS",
            help="Also requeue RUNNING tasks of any worker started more than this "
            "many seconds ago (a worker that never came back). Longer than any "
            "task runs: a live worker's task would run twice.",
        )
        parser.add_argument(
            "--max-attempts",
            type=int,
            help="A task started this many times by workers that died is marked "
            "failed instead (default: 3).",
        )
        parser.add_argument("--backend", default="default", dest="backend_name")

    def handle(
        self,
        *,
        worker_id: str | None,
        queue_name: str,
        older_than: float | None,
        max_attempts: int | None,
        backend_name: str,
        **options,
    ) -> None:
        if not worker_id and older_than is None:
            raise CommandError("Give --worker-id, --older-than, or both.")
        if not apps.is_installed("django_tasks_db"):
            raise CommandError(
                "There is no task queue to recover: django_tasks_db (the database "
                "task backend) is not in INSTALLED_APPS."
            )
        from nkhr_pages.task_recovery import DEFAULT_MAX_ATTEMPTS, recover_tasks

        if max_attempts is None:
            max_attempts = DEFAULT_MAX_ATTEMPTS
        if max_attempts < 1:
            raise CommandError("--max-attempts must be 1 or more.")

        queues = [name for name in queue_name.split(",") if name] or ["default"]
        age = None if older_than is None else timedelta(seconds=older_than)
        try:
            recovery = recover_tasks(
                worker_id=worker_id or None,
                queue_names=queues,
                older_than=age,
                max_attempts=max_attempts,
                backend_name=backend_name,
            )
        except DatabaseError as exc:
            # The worker cannot start without its database either: say so in
            # one line, and let systemd try again (Restart=always).
            raise CommandError(f"The task queue cannot be read: {exc}") from exc
        for task_id in recovery.requeued:
            self.stdout.write(f"requeued {task_id}")
        for task_id in recovery.failed:
            self.stdout.write(
                f"failed {task_id} (its workers died {max_attempts} times)"
            )
        self.stdout.write(
            f"{len(recovery.requeued)} requeued, {len(recovery.failed)} marked failed "
            f"(queues {','.join(queues)}"
            f"{', worker ' + worker_id if worker_id else ''})"
        )
