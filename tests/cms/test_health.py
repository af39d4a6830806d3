"""The health check at /health/: each service really up, or really down (a
closed loopback port), and nothing in the answer that names a host or a secret."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks import task

from tests.services import require_service

ROOT = Path(__file__).resolve().parents[2]


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _elasticsearch_at(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "search.backends.elasticsearch8",
            "URLS": [url],
            "INDEX_PREFIX": "test_health_",
            "KOREAN_ANALYSIS": "cjk",
            "TIMEOUT": 5,
        }
    }


def _redis_at(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
        }
    }


def _statuses(response) -> dict[str, str]:
    return {name: check["status"] for name, check in response.json()["checks"].items()}


@pytest.mark.django_db
def test_all_services_up_answers_200_and_is_never_cached(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "ok"
    assert _statuses(response) == {
        "database": "up",
        "cache": "up",
        "search": "up",
        "tasks": "up",
    }
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_head_is_answered_and_other_methods_refused(client):
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code == 405


@pytest.mark.django_db
def test_elasticsearch_on_a_closed_port_is_search_down_and_503(client, settings):
    port = _closed_port()
    settings.WAGTAILSEARCH_BACKENDS = _elasticsearch_at(f"http://127.0.0.1:{port}")

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert _statuses(response) == {
        "database": "up",
        "cache": "up",
        "search": "down",
        "tasks": "up",
    }
    assert "127.0.0.1" not in response.content.decode()
    assert str(port) not in response.content.decode()


@pytest.mark.django_db
def test_real_elasticsearch_is_search_up(client, settings):
    url = require_service("NKHR_TEST_ELASTICSEARCH_URL", "Elasticsearch 8")
    settings.WAGTAILSEARCH_BACKENDS = _elasticsearch_at(url)

    response = client.get("/health/")

    assert response.status_code == 200
    assert _statuses(response)["search"] == "up"


@pytest.mark.django_db
def test_redis_on_a_closed_port_is_cache_down_and_503(client, settings):
    port = _closed_port()
    settings.CACHES = _redis_at(f"redis://:cache-password@127.0.0.1:{port}/0")

    response = client.get("/health/")

    assert response.status_code == 503
    assert _statuses(response) == {
        "database": "up",
        "cache": "down",
        "search": "up",
        "tasks": "up",
    }
    assert "cache-password" not in response.content.decode()
    assert str(port) not in response.content.decode()


@pytest.mark.django_db
def test_real_redis_is_cache_up(client, settings):
    url = require_service("NKHR_TEST_REDIS_URL", "Redis")
    settings.CACHES = _redis_at(url)

    response = client.get("/health/")

    assert response.status_code == 200
    assert _statuses(response)["cache"] == "up"


@pytest.mark.django_db
def test_the_page_cache_never_replays_an_old_answer(client, settings):
    settings.NKHR_PAGE_CACHE_ENABLED = True
    assert client.get("/health/").status_code == 200

    settings.WAGTAILSEARCH_BACKENDS = _elasticsearch_at(
        f"http://127.0.0.1:{_closed_port()}"
    )
    response = client.get("/health/")

    assert response.status_code == 503
    assert "X-Page-Cache" not in response


@task()
def noop_task() -> None:
    """Queued, never run: the queue's age is what the check looks at."""


@pytest.fixture
def database_task_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return noop_task


@pytest.mark.django_db
def test_a_task_waiting_too_long_is_reported_stalled_without_failing(
    client, settings, database_task_queue
):
    from django_tasks_db.models import DBTaskResult

    settings.NKHR_HEALTH_TASKS_STALLED_SECONDS = 600
    result = database_task_queue.enqueue()
    assert _statuses(client.get("/health/"))["tasks"] == "up"

    DBTaskResult.objects.filter(id=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=11)
    )
    response = client.get("/health/")

    assert response.status_code == 200
    assert _statuses(response)["tasks"] == "stalled"


def test_every_service_down_in_production_names_no_host_nor_secret():
    """In a separate process with the production settings and every service on
    a closed port: a 503 without any host, port, user, password or database name,
    and no HTTPS redirect for the load balancer's plain-HTTP probe."""
    db_port, es_port, redis_port = _closed_port(), _closed_port(), _closed_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "health-test-" + "x" * 60,
        "ALLOWED_HOSTS": "testserver",
        "WAGTAILADMIN_BASE_URL": "https://www.nkhr.or.kr",
        "DATABASE_URL": (
            f"postgres://nkhr_user:db-secret@127.0.0.1:{db_port}/nkhr_private_db"
        ),
        "ELASTICSEARCH_URL": f"http://127.0.0.1:{es_port}",
        "REDIS_URL": f"redis://:redis-secret@127.0.0.1:{redis_port}/0",
        "LOG_LEVEL": "CRITICAL",
    }
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/health/');"
        "print(json.dumps({'code': r.status_code, 'body': r.content.decode()}))"
    )
    completed = subprocess.run(  # noqa: S603 (our own script and settings)
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    answer = json.loads(completed.stdout.strip().splitlines()[-1])

    assert answer["code"] == 503
    body = json.loads(answer["body"])
    assert body == {
        "status": "error",
        "checks": {
            "database": {"status": "down"},
            "cache": {"status": "down"},
            "search": {"status": "down"},
            "tasks": {"status": "down"},
        },
    }
    secrets = ("127.0.0.1", "nkhr_user", "db-secret", "nkhr_private_db", "redis-secret")
    for leak in secrets:
        assert leak not in answer["body"]
    for port in (db_port, es_port, redis_port):
        assert str(port) not in answer["body"]


@pytest.mark.django_db
def test_the_balancer_asks_only_for_the_database(client, settings):
    """An app server without Redis serves pages from the database: it stays in
    rotation (200) while monitoring still sees the cache down."""
    settings.CACHES = _redis_at(f"redis://127.0.0.1:{_closed_port()}/0")

    balancer = client.get("/health/", {"require": "database"})
    monitoring = client.get("/health/")

    assert balancer.status_code == 200
    assert _statuses(balancer) == {"database": "up"}
    assert monitoring.status_code == 503
    assert client.get("/health/", {"require": "database,cache"}).status_code == 503
    assert client.get("/health/", {"require": "redis"}).status_code == 400
    assert client.get("/health/", {"require": ""}).status_code == 400
