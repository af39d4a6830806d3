"""Index updates on publish are django-tasks: queued in the database in
deployments (base settings), worked by ``db_worker`` outside the request."""

from io import StringIO

from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page

from cms.settings import base

from .conftest import rebuild_search_index, refresh_search_index


def test_deployments_queue_index_updates_in_the_database():
    assert base.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def test_publish_queues_the_index_update_and_the_worker_applies_it(
    standard_page, settings, django_capture_on_commit_callbacks, monkeypatch
):
    # Between tasks the worker closes connections that are not in autocommit
    # mode, which would end this test's transaction (and with it the test data).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections",
        lambda: None,
    )
    rebuild_search_index()  # an index with the project's mappings, before the page
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # Tasks are enqueued when the publish commits; run those hooks here, inside
    # the test's transaction, which the in-process worker shares.
    with django_capture_on_commit_callbacks(execute=True):
        page = standard_page("queued", title="Abductees of 1978")
    # Published, but the index is only updated by the worker.
    assert DBTaskResult.objects.filter(status="READY").exists()
    assert page.pk not in {p.pk for p in Page.objects.live().search("abductees")}

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())
    refresh_search_index()

    assert page.pk in {p.pk for p in Page.objects.live().search("abductees")}
    assert not DBTaskResult.objects.filter(status="READY").exists()
