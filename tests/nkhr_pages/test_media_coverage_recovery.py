"""A media coverage import whose worker dies mid-file does not stay "running"
for ever: ``recover_tasks`` puts its task back in the queue and the task
continues the import (rows already imported are not imported twice); a task
given up after its workers died too often leaves the import "stopped", with
the reason, for the editor to run again. On django-tasks' real database
backend and its real worker (nkhr_pages/services.py ``run_import_job``)."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from nkhr_pages.models import MediaCoverageImport, MediaCoveragePage
from nkhr_pages.services import MediaCoverageImporter
from nkhr_pages.tasks import import_media_coverage_task
from tests import factories
from tests.nkhr_pages.test_media_coverage import IMPORT_URL, _coverage_rows
from tests.nkhr_pages.test_task_recovery import (  # noqa: F401 (fixture)
    Killed,
    _worker,
    database_queue,
)

WORKER = "nkhr-worker@web1"

# The database queue of tests/nkhr_pages/test_task_recovery.py for every test.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_queue")]


@pytest.fixture
def coverage_index(make_section):
    return make_section(
        factories.MediaCoverageIndexPageFactory, "In the media", "언론 보도"
    )


def _upload(admin_client, index_page, rows: int = 35) -> MediaCoverageImport:
    content = ("date,outlet,headline,link,language\n" + _coverage_rows(rows)).encode()
    response = admin_client.post(
        IMPORT_URL,
        {"index_page": index_page.pk, "csv_file": SimpleUploadedFile("c.csv", content)},
    )
    assert response.status_code == 302
    return MediaCoverageImport.objects.get()


def _die_during_batch(monkeypatch, batch: int) -> None:
    """The real worker runs the import task and its process is killed while
    the import writes its ``batch``-th batch (counted from 1 in this run):
    that batch's transaction is lost, the task and the import stay RUNNING."""
    real_write = MediaCoverageImporter._write
    real_run_task = Worker.run_task
    calls = []

    def write(self, rows, result, offset=0, total=None):
        calls.append(offset)
        if len(calls) == batch:
            real_write(self, rows[:4], result, offset, total)
            raise Killed
        return real_write(self, rows, result, offset, total)

    def dead(self, exc):  # a dead process records nothing
        raise exc

    with monkeypatch.context() as patch:
        patch.setattr(MediaCoverageImporter, "_write", write)
        patch.setattr(DBTaskResult, "set_failed", dead)
        patch.setattr(Worker, "run_task", real_run_task)
        with pytest.raises(Killed):
            _worker(WORKER).run()


def _recover() -> str:
    out = StringIO()
    call_command("recover_tasks", "--worker-id", WORKER, stdout=out)
    return out.getvalue()


def _restart_worker() -> str:
    """What the systemd unit does: recover_tasks, then db_worker."""
    out = _recover()
    call_command(
        "db_worker",
        batch=True,
        no_startup_delay=True,
        worker_id=WORKER,
        verbosity=0,
    )
    return out


def _import_task() -> DBTaskResult:
    # Other tasks (search index updates of the pages created) share the queue.
    return DBTaskResult.objects.get(task_path=import_media_coverage_task.module_path)


def _job_url(job) -> str:
    return reverse("nkhr_pages_media_coverage_import", args=[job.pk])


def _titles(index_page) -> Counter:
    return Counter(
        MediaCoveragePage.objects.child_of(index_page).values_list("title", flat=True)
    )


def test_an_import_whose_worker_died_continues_when_the_worker_restarts(
    admin_client, coverage_index, monkeypatch
):
    en, _ko = coverage_index
    monkeypatch.setattr(MediaCoverageImporter, "batch_size", 10)
    job = _upload(admin_client, en)
    task = _import_task()
    assert task.status == "READY"

    _die_during_batch(monkeypatch, 3)
    job.refresh_from_db()
    assert (job.state, job.created, job.task_id) == ("running", 20, str(task.id))
    assert MediaCoveragePage.objects.child_of(en).count() == 20
    html = admin_client.get(_job_url(job))
    assert html.status_code == 200
    assert "Importing" in html.content.decode()

    out = _restart_worker()
    assert "1 requeued" in out

    job.refresh_from_db()
    assert (job.state, job.created, job.skipped, job.error) == ("done", 15, 20, "")
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert task.worker_ids == [WORKER, WORKER]
    titles = _titles(en)
    assert len(titles) == 35
    assert set(titles.values()) == {1}  # none imported twice
    page = admin_client.get(_job_url(job)).content
    assert "35 of 35 rows: 15 new, 20 already there." in page.decode()


def test_another_task_for_a_running_import_leaves_it_alone(
    admin_client, coverage_index, monkeypatch
):
    en, _ko = coverage_index
    monkeypatch.setattr(MediaCoverageImporter, "batch_size", 10)
    job = _upload(admin_client, en)
    _die_during_batch(monkeypatch, 2)
    job.refresh_from_db()
    owner = job.task_id
    # A second task for the same import (not the one that claimed it): it
    # must not run the import alongside the one recover_tasks brings back.
    other = import_media_coverage_task.enqueue(job.pk)
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    job.refresh_from_db()
    assert (job.state, job.task_id, job.created) == ("running", owner, 10)
    assert DBTaskResult.objects.get(id=other.id).status == "SUCCESSFUL"
    assert MediaCoveragePage.objects.child_of(en).count() == 10


def _korean_admin(client, django_user_model):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_superuser("ko-admin", "k@nkhr.test", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ko"
    profile.save()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "en",
            "Stopped after 0 new items: the background worker running the import "
            "stopped before it ended, and it was not started again.",
        ),
        (
            "ko",
            "새 항목 0건을 가져온 뒤 중단되었습니다: 가져오기를 실행하던 백그라운드 "
            "작업자가 끝나기 전에 멈췄고, 다시 시작되지 않았습니다.",
        ),
    ],
)
def test_an_import_given_up_after_its_workers_died_says_so_and_runs_again(
    admin_client,
    client,
    django_user_model,
    coverage_index,
    monkeypatch,
    language,
    message,
):
    en, _ko = coverage_index
    monkeypatch.setattr(MediaCoverageImporter, "batch_size", 10)
    job = _upload(admin_client, en)
    task = _import_task()
    viewer = (
        admin_client if language == "en" else _korean_admin(client, django_user_model)
    )
    url = _job_url(job)

    # A file that kills its worker every time (each attempt continues the
    # import, and dies in its first batch).
    for _attempt in range(2):
        _die_during_batch(monkeypatch, 1)
        assert "1 requeued, 0 marked failed" in _recover()
    _die_during_batch(monkeypatch, 1)
    assert "0 requeued, 1 marked failed" in _recover()
    task.refresh_from_db()
    assert task.status == "FAILED"
    job.refresh_from_db()
    assert job.state == "running"  # until someone looks

    html = viewer.get(url).content.decode()
    assert message in html
    job.refresh_from_db()
    assert job.state == "failed"
    assert job.finished_at is not None
    assert 'http-equiv="refresh"' not in html
    assert '<form method="post">' in html  # "Run again"

    # The editor runs it again: a new task imports every row, once.
    viewer.post(url)
    job.refresh_from_db()
    assert job.state == "queued"
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    job.refresh_from_db()
    assert (job.state, job.created, job.error) == ("done", 35, "")
    titles = _titles(en)
    assert len(titles) == 35
    assert set(titles.values()) == {1}
