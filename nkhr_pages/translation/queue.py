"""The translator's queue: every page translation into the user's languages,
with where it stands and how many segments are left, in one query.

States (for a translated page):

- ``changes_requested``: a reviewer asked for changes (workflow "needs changes").
- ``to_translate``: not live yet and not with the reviewers.
- ``outdated``: live, but segments are untranslated (new text after a sync) or
  the source was synced after the page was last published.
- ``in_review``: waiting for the reviewers.
- ``published``: live, every segment translated, published after the last sync.

The counts follow wagtail-localize's own ``Translation.get_progress()`` (a
segment counts as translated when a string translation without error exists
for its string and context in the target locale), as subqueries so that the
list costs the same few queries for 5 rows or 500.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import pgettext_lazy
from wagtail.models import Locale, Page, WorkflowState
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from .permissions import allowed_locale_ids


class QueueState(models.TextChoices):
    CHANGES_REQUESTED = (
        "changes_requested",
        pgettext_lazy("translation queue state", "Changes requested"),
    )
    TO_TRANSLATE = (
        "to_translate",
        pgettext_lazy("translation queue state", "To translate"),
    )
    OUTDATED = "outdated", pgettext_lazy("translation queue state", "Outdated")
    IN_REVIEW = "in_review", pgettext_lazy("translation queue state", "In review")
    PUBLISHED = "published", pgettext_lazy("translation queue state", "Published")


# Work first: what the translator must act on, then what waits on others.
STATE_ORDER = [state.value for state in QueueState]


def queue_locale_ids(user) -> list[int]:
    """The target languages of ``user``: their groups' locales other than the
    source language; every target language for a superuser."""
    default = Locale.get_default()
    if user.is_superuser:
        return list(Locale.objects.exclude(pk=default.pk).values_list("pk", flat=True))
    return sorted(allowed_locale_ids(user) - {default.pk})


def _segment_counts() -> tuple[Subquery, Subquery]:
    segments = StringSegment.objects.filter(source_id=OuterRef("source_id"))
    translated = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale_id=OuterRef(OuterRef("target_locale_id")),
        has_error=False,
    )

    def count(queryset) -> Subquery:
        return Subquery(
            queryset.order_by()
            .values("source_id")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        )

    return count(segments), count(segments.exclude(Exists(translated)))


def translation_queue(user, state: str | None = None) -> QuerySet[Translation]:
    """Page translations into ``user``'s languages, annotated with
    ``page_id``, ``segments_total``, ``segments_left`` and ``state``, work first."""
    page_types = ContentType.objects.filter(
        pk__in=Page.objects.values("content_type_id")
    )
    target_page = Page.objects.filter(
        translation_key=OuterRef("source__object_id"),
        locale_id=OuterRef("target_locale_id"),
    )
    total, left = _segment_counts()
    workflow_status = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=Cast(OuterRef("page_id"), CharField()),
        status__in=[
            WorkflowState.STATUS_IN_PROGRESS,
            WorkflowState.STATUS_NEEDS_CHANGES,
        ],
    ).values("status")[:1]
    queryset = (
        Translation.objects.filter(
            enabled=True,
            target_locale_id__in=queue_locale_ids(user),
            source__specific_content_type__in=page_types,
        )
        .select_related("source", "target_locale")
        .annotate(
            page_id=Subquery(target_page.values("pk")[:1]),
            page_live=Subquery(target_page.values("live")[:1]),
            page_published_at=Subquery(target_page.values("last_published_at")[:1]),
            segments_total=Coalesce(total, 0),
            segments_left=Coalesce(left, 0),
            workflow_status=Subquery(workflow_status),
        )
        .filter(page_id__isnull=False)
        .annotate(
            state=Case(
                When(
                    workflow_status=WorkflowState.STATUS_IN_PROGRESS,
                    then=Value(QueueState.IN_REVIEW.value),
                ),
                When(
                    workflow_status=WorkflowState.STATUS_NEEDS_CHANGES,
                    then=Value(QueueState.CHANGES_REQUESTED.value),
                ),
                When(
                    Q(page_live=True)
                    & (
                        Q(segments_left__gt=0)
                        | Q(page_published_at__isnull=True)
                        | Q(source__last_updated_at__gt=F("page_published_at"))
                    ),
                    then=Value(QueueState.OUTDATED.value),
                ),
                When(page_live=True, then=Value(QueueState.PUBLISHED.value)),
                default=Value(QueueState.TO_TRANSLATE.value),
                output_field=CharField(),
            ),
            state_order=Case(
                *(
                    When(state=value, then=Value(position))
                    for position, value in enumerate(STATE_ORDER)
                ),
                output_field=IntegerField(),
            ),
        )
    )
    if state in STATE_ORDER:
        queryset = queryset.filter(state=state)
    return queryset.order_by("state_order", "-source__last_updated_at", "pk")
