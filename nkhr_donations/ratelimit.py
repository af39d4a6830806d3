"""A small fixed-window rate limit in Django's cache, per client address."""

from __future__ import annotations

from django.core.cache import cache

from .conf import setting


def _limit() -> tuple[int, int]:
    count, _sep, seconds = setting("DONATIONS_CHECKOUT_RATE_LIMIT").partition("/")
    return int(count), int(seconds or 60)


def client_key(request) -> str:
    # REMOTE_ADDR only: behind a proxy, the proxy must set it (see docs/donations.md),
    # because a client-supplied X-Forwarded-For would let anyone dodge the limit.
    return request.META.get("REMOTE_ADDR", "unknown")


def allow_checkout(request) -> bool:
    """Count one attempt for this client; False once the window's budget is spent."""
    count, seconds = _limit()
    key = f"nkhr_donations:checkout:{client_key(request)}"
    cache.add(key, 0, timeout=seconds)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        attempts = 1
    return attempts <= count
