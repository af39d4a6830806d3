"""Limits on the public sign-up, counted in Django's cache (fixed windows).

Two limits, each ``"COUNT/SECONDS"`` in settings, with defaults in
``nkhr_pages.conf`` so the app works in any project:

- ``NKHR_MAILING_SIGNUP_RATE_LIMIT`` (``30/600``): sign-ups per client address
  (generous: visitors at one event may share one address);
- ``NKHR_MAILING_CONFIRMATION_LIMIT`` (``3/86400``): confirmation emails per email
  address, so that nobody can flood someone's inbox by signing them up again and
  again, from however many machines.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

from nkhr_pages.conf import setting


def _parse(limit: str) -> tuple[int, int]:
    count, _sep, seconds = limit.partition("/")
    return int(count), int(seconds or 60)


def _hit(key: str, limit: str) -> bool:
    """Count one use of ``key``; False once the window's budget is spent."""
    count, seconds = _parse(limit)
    cache.add(key, 0, timeout=seconds)
    try:
        used = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=seconds)
        used = 1
    return used <= count


def allow_signup(request: HttpRequest) -> bool:
    # REMOTE_ADDR only: a client-supplied X-Forwarded-For would dodge the limit
    # (behind a proxy, the proxy sets REMOTE_ADDR).
    address = request.META.get("REMOTE_ADDR", "unknown")
    limit = setting("NKHR_MAILING_SIGNUP_RATE_LIMIT")
    return _hit(f"nkhr_mailing:signup:{address}", limit)


def allow_confirmation_email(email: str) -> bool:
    digest = hashlib.sha256(email.encode()).hexdigest()
    limit = setting("NKHR_MAILING_CONFIRMATION_LIMIT")
    return _hit(f"nkhr_mailing:confirmations:{digest}", limit)
