"""The site's health check, for load balancers and monitoring: ``/health/``.

It asks each service the site depends on one cheap question (the database, the
cache, the search backend, the task queue) and answers JSON such as
``{"status": "ok", "checks": {"database": {"status": "up"}, ...}}``, with 200
when every required service is up and 503 otherwise.

It lives in the project rather than in an app because it looks at the services
every app shares. The answer is public, so it says only *whether* each service
answers, never why not: an exception's text can carry a host name, an address,
a user or a database name. The reason goes to the log for the operators.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

UP, DOWN, STALLED = "up", "down", "stalled"
# Each probe is given this many seconds by the backends that accept a timeout.
PROBE_TIMEOUT = 3
# A task waiting longer than this means no worker (db_worker) is taking tasks.
DEFAULT_TASKS_STALLED_SECONDS = 15 * 60

Check = dict[str, Any]


def check_database() -> Check:
    """One round trip to the default database."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": UP}


def check_cache() -> Check:
    """Write a value to the default cache and read it back."""
    cache = caches["default"]
    key = "nkhr:health"
    token = secrets.token_hex(8)
    cache.set(key, token, timeout=30)
    if cache.get(key) != token:
        raise RuntimeError("the cache did not return the value just written")
    return {"status": UP}


def check_search() -> Check:
    """The search backend answers. Database search is up when the database is;
    Elasticsearch is asked for its cluster health (red: searches fail)."""
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    client = getattr(backend, "es", None)
    if client is None:
        check_database()
        return {"status": UP}
    client = client.options(request_timeout=PROBE_TIMEOUT, max_retries=0)
    health = client.cluster.health()
    if health.get("status") not in {"green", "yellow"}:
        raise RuntimeError(f"cluster status {health.get('status')!r}")
    return {"status": UP}


def check_tasks() -> Check:
    """The task queue can be read. With the database queue, a task ready for
    longer than ``NKHR_HEALTH_TASKS_STALLED_SECONDS`` is reported as ``stalled``:
    the site works, but no worker runs the queue (search index updates wait)."""
    from django_tasks import task_backends

    backend = task_backends["default"]
    if type(backend).__module__.split(".")[0] != "django_tasks_db":
        return {"status": UP}  # tasks run in the request (or elsewhere): no queue
    from django_tasks_db.models import DBTaskResult

    oldest = (
        DBTaskResult.objects.ready()
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first()
    )
    limit = getattr(
        settings, "NKHR_HEALTH_TASKS_STALLED_SECONDS", DEFAULT_TASKS_STALLED_SECONDS
    )
    if oldest is not None and timezone.now() - oldest > timedelta(seconds=limit):
        return {"status": STALLED}
    return {"status": UP}


# Every service is required: one that is down fails the check. A stalled task
# queue is reported but does not: pages are still served, and a load balancer
# must not take every web server out of rotation for a worker's sake.
CHECKS: list[tuple[str, Callable[[], Check]]] = [
    ("database", check_database),
    ("cache", check_cache),
    ("search", check_search),
    ("tasks", check_tasks),
]


def run_checks(names: list[str] | None = None) -> tuple[bool, dict[str, Check]]:
    """Run every check (or those named); (all of them up, each one's result)."""
    results: dict[str, Check] = {}
    for name, probe in CHECKS:
        if names is not None and name not in names:
            continue
        try:
            results[name] = probe()
        except Exception:  # any failure means down, whatever raised it
            logger.warning("Health check: %s is down", name, exc_info=True)
            results[name] = {"status": DOWN}
    healthy = all(result["status"] != DOWN for result in results.values())
    return healthy, results


def required_checks(request: HttpRequest) -> list[str] | None:
    """``?require=database`` (comma-separated): only those services are asked,
    and only they decide the status. A load balancer asks this way: an app
    server serves pages without Redis or Elasticsearch (degraded), so it stays
    in rotation; monitoring asks for everything (docs/deploy.md)."""
    raw = request.GET.get("require")
    if raw is None:
        return None
    return [name.strip() for name in raw.split(",") if name.strip()]


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    names = required_checks(request)
    known = [name for name, _probe in CHECKS]
    if names is not None and (not names or set(names) - set(known)):
        return JsonResponse(
            {"status": "error", "error": f"require= takes names among {known}"},
            status=400,
        )
    healthy, results = run_checks(names)
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": results},
        status=200 if healthy else 503,
    )
