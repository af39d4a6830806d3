"""Counting searches per language and whether they found anything, for the
admin report of search terms (``search.models.SearchTermOutcome``)."""

from __future__ import annotations

import logging

from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.search.utils import normalise_query_string

from .models import SearchTermOutcome

logger = logging.getLogger(__name__)


def record_search_outcome(query: str, language_code: str, found: int) -> None:
    """Count one search for ``query`` in ``language_code``, and whether it found
    nothing, if the search terms log holds the term.

    Only terms already in the log are counted, never added: what goes into the
    log (and how much of it) is the log's own rule. Never fails the search.
    """
    normalised = normalise_query_string(query)
    if not normalised:
        return
    try:
        terms = SearchTermOutcome._meta.get_field("query").related_model
        term = terms.objects.filter(query_string=normalised).first()
        if term is None:
            return
        with transaction.atomic():
            row, _created = SearchTermOutcome.objects.get_or_create(
                query=term, language_code=language_code, date=timezone.localdate()
            )
            SearchTermOutcome.objects.filter(pk=row.pk).update(
                searches=F("searches") + 1,
                searches_without_results=F("searches_without_results")
                + (0 if found else 1),
            )
    except DatabaseError:
        logger.warning("Could not count the search", exc_info=True)
