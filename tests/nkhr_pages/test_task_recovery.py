"""Tasks a dead worker left RUNNING are put back in the queue before the next
worker starts (nkhr_pages/task_recovery.py, ``manage.py recover_tasks``), on
django-tasks' real database backend and its real worker."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks import task
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "cms" / "deploy" / "systemd"
DONE: list[str] = []


@task()
def remember(value: str) -> str:
    """Stands for an index update or a purge: it records that it ran."""
    DONE.append(value)
    return value


class Killed(BaseException):
    """The worker process dies: nothing after the claim runs."""


@pytest.fixture
def database_queue(settings, monkeypatch):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "frontend_cache"],
        }
    }
    # Between tasks the worker closes connections that are not in autocommit
    # mode, which would end this test's transaction (and with it the test data).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections",
        lambda: None,
    )
    DONE.clear()
    yield
    DONE.clear()


def _worker(worker_id: str, queue: str = "default") -> Worker:
    return Worker(
        queue_names=[queue],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def _die_mid_task(worker_id: str, monkeypatch) -> None:
    """The real worker claims the next task, then its process is killed."""

    def killed(self, db_task_result):
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(Worker, "run_task", killed)
        with pytest.raises(Killed):
            _worker(worker_id).run()


def _claimed(value: str, worker_id: str, ago: timedelta, queue: str = "default"):
    """A task claimed by ``worker_id`` ``ago`` (through django-tasks' claim)."""
    result = remember.using(queue_name=queue).enqueue(value)
    row = DBTaskResult.objects.get(id=result.id)
    row.claim(worker_id)
    DBTaskResult.objects.filter(id=row.id).update(started_at=timezone.now() - ago)
    return row.id


def _recover(*args: str) -> str:
    out = StringIO()
    call_command("recover_tasks", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_task_left_running_by_a_killed_worker_runs_when_it_restarts(
    database_queue, monkeypatch
):
    result = remember.enqueue("index page 12")
    _die_mid_task("nkhr-worker@web1", monkeypatch)
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == "RUNNING"
    assert row.worker_ids == ["nkhr-worker@web1"]
    # Without recovery a restarted worker never takes it again.
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert DBTaskResult.objects.get(id=result.id).status == "RUNNING"
    assert DONE == []

    out = _recover("--worker-id", "nkhr-worker@web1")
    assert "1 requeued, 0 marked failed" in out
    assert DBTaskResult.objects.get(id=result.id).status == "READY"
    call_command(
        "db_worker",
        batch=True,
        no_startup_delay=True,
        worker_id="nkhr-worker@web1",
        verbosity=0,
    )

    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == "SUCCESSFUL"
    assert DONE == ["index page 12"]  # once
    assert row.worker_ids == ["nkhr-worker@web1", "nkhr-worker@web1"]


@pytest.mark.django_db
def test_the_task_of_another_live_worker_on_the_same_queue_is_left_alone(
    database_queue,
):
    dead = _claimed("dead's", "nkhr-worker@web1", timedelta(minutes=20))
    live = _claimed("live's", "nkhr-worker-2@web1", timedelta(minutes=20))

    _recover("--worker-id", "nkhr-worker@web1")

    assert DBTaskResult.objects.get(id=dead).status == "READY"
    kept = DBTaskResult.objects.get(id=live)
    assert kept.status == "RUNNING"
    assert kept.worker_ids == ["nkhr-worker-2@web1"]
    assert kept.started_at is not None


@pytest.mark.django_db
def test_only_the_worker_s_own_queues_are_recovered(database_queue):
    purge = _claimed("purge", "w1", timedelta(0), queue="frontend_cache")
    index = _claimed("index", "w1", timedelta(0))

    _recover("--worker-id", "w1", "--queue-name", "frontend_cache")

    assert DBTaskResult.objects.get(id=purge).status == "READY"
    assert DBTaskResult.objects.get(id=index).status == "RUNNING"
    _recover("--worker-id", "w1", "--queue-name", "*")
    assert DBTaskResult.objects.get(id=index).status == "READY"


@pytest.mark.django_db
def test_a_worker_that_never_came_back_is_recovered_by_age_only(database_queue):
    gone = _claimed("gone", "nkhr-worker@old-machine", timedelta(days=2))
    busy = _claimed("busy", "nkhr-worker@web2", timedelta(minutes=30))

    out = _recover("--worker-id", "nkhr-worker@web1", "--older-than", "86400")

    assert "1 requeued" in out
    assert DBTaskResult.objects.get(id=gone).status == "READY"
    assert DBTaskResult.objects.get(id=busy).status == "RUNNING"


@pytest.mark.django_db
def test_a_task_that_keeps_killing_its_worker_is_failed_not_requeued(
    database_queue, monkeypatch
):
    result = remember.enqueue("a scan too large for memory")
    for _ in range(3):
        _die_mid_task("w1", monkeypatch)
        _recover("--worker-id", "w1")

    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == "FAILED"
    assert row.worker_ids == ["w1", "w1", "w1"]
    assert row.exception_class_path == "nkhr_pages.task_recovery.WorkerLostError"
    assert "after 3 attempts" in row.traceback
    assert row.finished_at is not None
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert DONE == []


@pytest.mark.django_db
def test_recovery_needs_a_worker_or_an_age(database_queue):
    _claimed("kept", "w1", timedelta(days=9))
    with pytest.raises(CommandError, match="--worker-id, --older-than"):
        call_command("recover_tasks")
    with pytest.raises(CommandError):
        call_command("recover_tasks", "--older-than", "-5")
    assert DBTaskResult.objects.get().status == "RUNNING"


@pytest.mark.parametrize(
    ("unit", "queue"),
    [("nkhr-worker.service", None), ("nkhr-purge-worker.service", "frontend_cache")],
)
def test_each_worker_unit_recovers_its_own_tasks_before_it_starts(unit, queue):
    """ExecStartPre recovers with the very worker id and queue ExecStart runs."""
    text = (UNITS / unit).read_text()
    pre = re.search(r"^ExecStartPre=(.*)$", text, re.M).group(1)
    start = re.search(r"^ExecStart=(.*)$", text, re.M).group(1)
    assert "manage.py recover_tasks" in pre
    assert "manage.py db_worker" in start
    worker_id = re.search(r"--worker-id (\S+)", start).group(1)
    assert f"--worker-id {worker_id}" in pre
    # A fixed id per unit and host: systemd's specifiers, never a random one.
    assert re.search(r"^Environment=NKHR_WORKER_ID=%N@%l$", text, re.M)
    assert worker_id == "${NKHR_WORKER_ID}"
    if queue:
        assert f"--queue-name {queue}" in pre
        assert f"--queue-name {queue}" in start
    else:
        assert "--queue-name" not in start
        assert "--queue-name" not in pre
