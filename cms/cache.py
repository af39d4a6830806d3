"""Django's Redis cache, made to degrade to a miss when Redis cannot be reached.

Everything the site keeps in Redis can be computed again from the database:
pages (``nkhr_pages.page_cache``), menus, Wagtail's site root paths, renditions,
the counters of the rate limits. So when Redis is stopped, restarting, or behind
a network fault, a read is a miss, a write is dropped and a counter starts at
one: pages are slower, never an error. (Rate limits are then not enforced; a
500 on every donation would be worse.)

After a failure the process leaves Redis alone for ``RETRY_AFTER`` seconds (5):
each request would otherwise wait for the connect timeout again, several times
per page. The health check (``cms/health.py``) writes and reads back a value,
so it still reports the cache as down.

The state is per process and per Redis address, shared by the threads (Django
makes one cache object per thread).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Redis unreachable, refused, reset or too slow; not a bug in the caller.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
DEFAULT_RETRY_AFTER = 5.0

_lock = threading.Lock()
# Redis address -> time.monotonic() until which it is not asked.
_down_until: dict[str, float] = {}


class ResilientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` that never raises because
    Redis is unreachable: reads miss, writes are dropped (see module doc)."""

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        params = dict(params)
        options = dict(params.get("OPTIONS", {}))
        self.retry_after = float(options.pop("RETRY_AFTER", DEFAULT_RETRY_AFTER))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._address = ",".join(self._servers)

    def is_down(self) -> bool:
        """Whether Redis failed less than ``retry_after`` seconds ago."""
        return time.monotonic() < _down_until.get(self._address, 0.0)

    def _guard(self, call: Callable[[], T], fallback: T) -> T:
        if self.is_down():
            return fallback
        try:
            return call()
        except UNREACHABLE as exc:
            with _lock:
                first = _down_until.get(self._address, 0.0) <= time.monotonic()
                _down_until[self._address] = time.monotonic() + self.retry_after
            if first:  # one line per outage window, not one per call
                logger.warning(
                    "Cache: Redis unreachable (%s), serving without it for %ss",
                    type(exc).__name__,
                    self.retry_after,
                )
            return fallback

    # Each method: Django's, or what a cache without the key would answer.
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return self._guard(lambda: parent.add(key, value, timeout, version), False)

    def get(self, key, default=None, version=None):
        parent = super()
        return self._guard(lambda: parent.get(key, default, version), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        self._guard(lambda: parent.set(key, value, timeout, version), None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return self._guard(lambda: parent.touch(key, timeout, version), False)

    def delete(self, key, version=None):
        parent = super()
        return self._guard(lambda: parent.delete(key, version), False)

    def get_many(self, keys, version=None):
        parent = super()
        return self._guard(lambda: parent.get_many(keys, version), {})

    def has_key(self, key, version=None):
        parent = super()
        return self._guard(lambda: parent.has_key(key, version), False)

    def incr(self, key, delta=1, version=None):
        parent = super()
        value = self._guard(lambda: parent.incr(key, delta, version), None)
        if value is None:  # as Django does for a key that is not there
            raise ValueError(f"Key '{key}' not found.")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return self._guard(lambda: parent.set_many(data, timeout, version), list(data))

    def delete_many(self, keys, version=None):
        parent = super()
        self._guard(lambda: parent.delete_many(keys, version), None)

    def clear(self):
        parent = super()
        return self._guard(parent.clear, False)
