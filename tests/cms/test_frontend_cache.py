"""The front-end (CDN) cache purge hook: configured from the environment, off by
default, and sending real PURGE requests when a page is published."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.settings.environment import frontend_cache_from_env

ROOT = Path(__file__).resolve().parents[2]


def test_off_by_default():
    assert frontend_cache_from_env({}) == {}


def test_http_purge_url_and_cloudflare():
    backends = frontend_cache_from_env(
        {
            "FRONTEND_CACHE_PURGE_URL": "http://127.0.0.1:6081",
            "CLOUDFLARE_API_TOKEN": "token",
            "CLOUDFLARE_ZONE_ID": "zone",
        }
    )
    assert backends["http"]["LOCATION"] == "http://127.0.0.1:6081"
    assert backends["cloudflare"]["ZONEID"] == "zone"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"FRONTEND_CACHE_PURGE_URL": "varnish:6081"}, "must look like"),
        ({"CLOUDFLARE_API_TOKEN": "token"}, "both"),
    ],
)
def test_bad_configuration_is_explained(env, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        frontend_cache_from_env(env)


@pytest.fixture
def purge_server():
    """A loopback HTTP server standing in for Varnish: it records PURGEs."""
    received: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):
            received.append((self.path, self.headers["Host"]))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", received
    server.shutdown()
    server.server_close()


def test_publishing_purges_the_page_in_every_language(
    settings, purge_server, make_standard_page, django_capture_on_commit_callbacks
):
    url, received = purge_server
    settings.WAGTAILFRONTENDCACHE = frontend_cache_from_env(
        {"FRONTEND_CACHE_PURGE_URL": url}
    )
    about, _ko = make_standard_page("about", "About NKHR", ko_title="소개")
    received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    assert ("/en/about/", "localhost") in received
    assert ("/ko/about/", "localhost") in received


def test_a_change_of_privacy_purges_the_pages_it_covers(
    settings, purge_server, make_standard_page, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    url, received = purge_server
    settings.WAGTAILFRONTENDCACHE = frontend_cache_from_env(
        {"FRONTEND_CACHE_PURGE_URL": url}
    )
    programs, _ko = make_standard_page("programs", "Programs", ko_title="사업")
    make_standard_page("seoul", "Seoul school", parent=programs)
    received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=programs, restriction_type=PageViewRestriction.LOGIN
        )
    # The page, its subtree, and its parent that lists it.
    purged = {path for path, _host in received}
    assert {"/en/programs/", "/en/programs/seoul/", "/en/"} <= purged
    received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert "/en/programs/seoul/" in {path for path, _host in received}


@pytest.mark.django_db(transaction=True)
def test_a_purge_is_run_by_its_own_worker_while_bulk_tasks_wait(settings, purge_server):
    """With the database queue: a purge goes to the ``frontend_cache`` queue,
    and that queue's worker sends it while a task of the default queue (index
    updates in production) is still waiting for its own worker."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult
    from wagtail.contrib.frontend_cache.utils import purge_url_from_cache

    from tests.cms.test_health import noop_task

    url, received = purge_server
    settings.WAGTAILFRONTENDCACHE = frontend_cache_from_env(
        {"FRONTEND_CACHE_PURGE_URL": url}
    )
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "frontend_cache"],
        }
    }
    bulk = noop_task.enqueue()
    purge_url_from_cache("http://localhost/en/about/")

    purge = DBTaskResult.objects.exclude(id=bulk.id).get()
    assert purge.queue_name == "frontend_cache"
    assert purge.task_path.endswith("purge_urls_from_cache_task")

    call_command("db_worker", queue_name="frontend_cache", batch=True, verbosity=0)

    assert ("/en/about/", "localhost") in received
    assert ("/ko/about/", "localhost") in received
    assert DBTaskResult.objects.get(id=bulk.id).status == "READY"
    assert DBTaskResult.objects.get(id=purge.id).status == "SUCCESSFUL"


@pytest.mark.django_db
def test_a_backend_without_the_purge_queue_still_purges(settings, purge_server):
    """The inline backend of tests and development lists only ``default``: the
    purge is not refused, it runs there."""
    from wagtail.contrib.frontend_cache.utils import purge_url_from_cache

    url, received = purge_server
    settings.WAGTAILFRONTENDCACHE = frontend_cache_from_env(
        {"FRONTEND_CACHE_PURGE_URL": url}
    )
    purge_url_from_cache("http://localhost/en/about/")

    assert ("/en/about/", "localhost") in received


def test_production_runs_the_purge_queue_with_its_own_worker():
    """The queue exists in the deployed settings, one systemd unit runs exactly
    it, and the main worker (default queue only) does not."""
    from cms.settings import base

    queue = base.NKHR_FRONTEND_CACHE_QUEUE
    assert queue in base.TASKS["default"]["QUEUES"]
    units = ROOT / "cms" / "deploy" / "systemd"
    purge_worker = (units / "nkhr-purge-worker.service").read_text()
    assert f"db_worker --queue-name {queue} " in purge_worker
    assert "--queue-name" not in (units / "nkhr-worker.service").read_text()
