"""Index catch-up: what could not reach the search engine reaches it later.

Wagtail updates the index when an object is saved (a task run by ``db_worker``);
if Elasticsearch is down at that moment, Wagtail logs the error and the update
is lost, so a page published during an outage would never be found. The
project's Elasticsearch backend records each failed update here
(``PendingIndexUpdate``), and ``python manage.py catch_up_index`` (run by a
timer every few minutes, docs/deploy.md) indexes those objects again once the
engine answers: the object as it is *now*, or its removal if it is gone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, IntegrityError, transaction
from wagtail.search.backends import get_search_backends_with_name
from wagtail.search.index import get_indexed_instance

from .models import PendingIndexUpdate

logger = logging.getLogger(__name__)


def record_failed_update(instance) -> None:
    """Remember that ``instance``'s index entry could not be written."""
    try:
        with transaction.atomic():
            PendingIndexUpdate.objects.update_or_create(
                content_type=ContentType.objects.get_for_model(
                    instance, for_concrete_model=False
                ),
                object_id=str(instance.pk),
            )
    except (DatabaseError, IntegrityError):
        # Never let the record of a failure become a failure of the publish.
        logger.exception("Could not record the failed index update of %r", instance)


@dataclass
class CatchUpResult:
    indexed: int = 0
    removed: int = 0
    left: int = 0


def catch_up_index() -> CatchUpResult:
    """Index again every object whose update failed; stop at the first error
    (the engine is still down: the rest waits for the next run)."""
    result = CatchUpResult()
    backends = [
        backend
        for _name, backend in get_search_backends_with_name(with_auto_update=True)
    ]
    pending = list(PendingIndexUpdate.objects.select_related("content_type"))
    for position, item in enumerate(pending):
        model = item.content_type.model_class()
        try:
            if model is None:  # its app was removed: nothing to index
                item.delete()
                continue
            found = model._default_manager.filter(pk=item.object_id).first()
            indexed = get_indexed_instance(found) if found is not None else None
            for backend in backends:
                if indexed is not None:
                    backend.add(indexed)
                else:
                    backend.delete(model(pk=item.object_id))
        except Exception:  # the engine's errors, whatever the backend
            logger.warning("Index catch-up stopped", exc_info=True)
            result.left = len(pending) - position
            return result
        # Only if no newer failure of the same object was recorded meanwhile.
        PendingIndexUpdate.objects.filter(pk=item.pk, failed_at=item.failed_at).delete()
        if indexed is not None:
            result.indexed += 1
        else:
            result.removed += 1
    return result
