"""The log of search terms (Wagtail's search promotions ``Query`` and
``QueryDailyHits``), bounded so that a crawler cannot grow it without limit.

Rule: a search adds a hit to its term when the term is already known. A term
not seen before is added only while the day's budget of new terms lasts
(``NKHR_SEARCH_NEW_QUERIES_PER_DAY``, counted in the cache), and never when it
is longer than ``NKHR_SEARCH_LOGGED_QUERY_MAX_LENGTH`` characters. Terms people
search for often are known after their first day, so the report of frequent
searches keeps counting them however much noise arrives.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query
from wagtail.search.utils import normalise_query_string

logger = logging.getLogger(__name__)

DEFAULT_NEW_QUERIES_PER_DAY = 200
DEFAULT_MAX_LENGTH = 100


def new_queries_per_day() -> int:
    return int(
        getattr(
            settings, "NKHR_SEARCH_NEW_QUERIES_PER_DAY", DEFAULT_NEW_QUERIES_PER_DAY
        )
    )


def logged_query_max_length() -> int:
    return int(
        getattr(settings, "NKHR_SEARCH_LOGGED_QUERY_MAX_LENGTH", DEFAULT_MAX_LENGTH)
    )


def known_query(query: str) -> Query | None:
    """The logged term for ``query``, without creating one (``Query.get`` would)."""
    normalised = normalise_query_string(query)
    if not normalised:
        return None
    return Query.objects.filter(query_string=normalised).first()


def _take_new_query_slot() -> bool:
    key = f"nkhr_search:new_queries:{timezone.localdate().isoformat()}"
    cache.add(key, 0, timeout=2 * 24 * 3600)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=2 * 24 * 3600)
        used = 1
    return used <= new_queries_per_day()


def log_search(query: str) -> Query | None:
    """Count one search for ``query`` if the rule above allows; never fails the
    search itself."""
    normalised = normalise_query_string(query)
    if not normalised or len(normalised) > logged_query_max_length():
        return None
    try:
        logged = Query.objects.filter(query_string=normalised).first()
        if logged is None:
            if not _take_new_query_slot():
                return None
            with transaction.atomic():
                logged, _created = Query.objects.get_or_create(query_string=normalised)
        with transaction.atomic():
            logged.add_hit()
    except DatabaseError:
        logger.warning("Could not log the search term", exc_info=True)
        return None
    return logged
