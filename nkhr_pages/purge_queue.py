"""Front-end cache purges (Varnish, a CDN) in a task queue of their own.

Wagtail purges a page it (un)publishes through a django-tasks task, which goes
to the ``default`` queue by default. That queue also holds the bulk work:
search and reference-index updates queued by every save, sign-up and webhook.
Under load the worker fell ~1,000 tasks behind, and a publish stayed invisible
behind Varnish until the purge's turn came (the rehearsal, docs/benchmarks.md).

Purges are small (a few HTTP PURGE requests) and their delay is what editors
see, so they go to the queue named by ``NKHR_FRONTEND_CACHE_QUEUE``, which
its own worker runs (``db_worker --queue-name frontend_cache``,
``cms/deploy/systemd/nkhr-purge-worker.service``; docs/deploy.md). Queued
rather than sent during the publish: a publish must not wait on a slow or
unreachable CDN, and Wagtail's backends log a failed purge without raising,
so a purge "tried at once, queued if it failed" could not see the failure.

A task backend that does not accept that queue (the inline backend of tests
and development lists only ``default``) gets the purge on its default queue,
as before: a purge is never refused.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings


def purge_queue_name() -> str | None:
    """The queue purges go to, or None for the backend's default queue."""
    from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task

    name = getattr(settings, "NKHR_FRONTEND_CACHE_QUEUE", "") or None
    if name is None:
        return None
    queues = purge_urls_from_cache_task.get_backend().queues
    return name if not queues or name in queues else None


def enqueue_purge(
    urls: Iterable[str],
    backend_settings: dict | None = None,
    backends: list[str] | None = None,
) -> None:
    """Wagtail's ``purge_urls_from_cache``, on the purge queue."""
    from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task

    urls = list(urls)
    if not urls:
        return
    task = purge_urls_from_cache_task
    queue_name = purge_queue_name()
    if queue_name is not None:
        task = task.using(queue_name=queue_name)
    task.enqueue(urls, backend_settings, backends)


def route_purges() -> None:
    """Make every purge (Wagtail's signal handlers, ``PurgeBatch``, this
    project's own calls) go through ``enqueue_purge``. Wagtail's helpers call
    ``purge_urls_from_cache`` from their own module, so replacing it there is
    enough; the task itself is unchanged, so workers run it as before."""
    from wagtail.contrib.frontend_cache import utils

    utils.purge_urls_from_cache = enqueue_purge
