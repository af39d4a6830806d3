"""Translation status of every source page, per target locale, in one query.

Statuses, for a source page and a target locale:

- ``missing``: no page in that locale (an alias copy does not count).
- ``in_progress``: a translation exists but is not live yet (draft, in review).
- ``outdated``: the live translation lags the source: segments are untranslated
  (the source was synced with new text), the source was synced after the
  translation was last published, or, for a translation not managed by
  wagtail-localize, the source was published after it.
- ``up_to_date``: live, every segment translated, published after the last sync.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateTimeField,
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
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)


class TranslationStatus(models.TextChoices):
    MISSING = "missing", _("Missing")
    IN_PROGRESS = "in_progress", _("In progress")
    OUTDATED = "outdated", _("Outdated")
    UP_TO_DATE = "up_to_date", _("Up to date")


def field_name(locale: Locale, name: str) -> str:
    """Name of a per-locale annotation, e.g. ``ko_status``."""
    return f"{locale.language_code.replace('-', '_')}_{name}"


def _untranslated_segments(locale: Locale) -> Subquery:
    translated = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale_id=locale.pk,
        has_error=False,
    )
    segments = (
        StringSegment.objects.filter(
            source__object_id=OuterRef("translation_key"),
            source__locale_id=OuterRef("locale_id"),
        )
        .exclude(Exists(translated))
        .order_by()
        .values("source_id")
        .annotate(count=Count("pk"))
        .values("count")[:1]
    )
    return Subquery(segments, output_field=IntegerField())


def annotate_translation_status(
    queryset: QuerySet, locales: Iterable[Locale]
) -> QuerySet:
    """Add ``<code>_status``, ``<code>_untranslated`` and ``<code>_page_id`` (the
    translated page) for each locale, plus ``source_synced_at`` and
    ``needs_sync`` (published since the last sync)."""
    sources = TranslationSource.objects.filter(
        object_id=OuterRef("translation_key"), locale_id=OuterRef("locale_id")
    )
    queryset = queryset.annotate(
        source_synced_at=Subquery(
            sources.values("last_updated_at")[:1], output_field=DateTimeField()
        ),
    ).annotate(
        needs_sync=Case(
            When(
                source_synced_at__isnull=False,
                last_published_at__gt=F("source_synced_at"),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    for locale in locales:
        target = Page.objects.filter(
            translation_key=OuterRef("translation_key"),
            locale_id=locale.pk,
            alias_of__isnull=True,
        )
        managed = Translation.objects.filter(
            source__object_id=OuterRef("translation_key"),
            source__locale_id=OuterRef("locale_id"),
            target_locale_id=locale.pk,
            enabled=True,
        )
        page_id = field_name(locale, "page_id")
        live = field_name(locale, "live")
        published = field_name(locale, "published_at")
        is_managed = field_name(locale, "managed")
        untranslated = field_name(locale, "untranslated")
        queryset = queryset.annotate(
            **{
                page_id: Subquery(target.values("pk")[:1]),
                live: Subquery(target.values("live")[:1], output_field=BooleanField()),
                published: Subquery(
                    target.values("last_published_at")[:1],
                    output_field=DateTimeField(),
                ),
                is_managed: Exists(managed),
                untranslated: Case(
                    When(
                        Exists(managed),
                        then=Coalesce(_untranslated_segments(locale), Value(0)),
                    ),
                    default=Value(None),
                    output_field=IntegerField(),
                ),
            }
        ).annotate(
            **{
                field_name(locale, "status"): Case(
                    When(
                        Q(**{f"{page_id}__isnull": True, is_managed: False}),
                        then=Value(TranslationStatus.MISSING),
                    ),
                    When(
                        Q(**{f"{page_id}__isnull": True})
                        | Q(**{live: False})
                        | Q(**{f"{published}__isnull": True}),
                        then=Value(TranslationStatus.IN_PROGRESS),
                    ),
                    When(
                        Q(**{is_managed: True, f"{untranslated}__gt": 0})
                        | Q(
                            **{
                                is_managed: True,
                                "source_synced_at__gt": F(published),
                            }
                        )
                        | Q(
                            **{is_managed: False, "last_published_at__gt": F(published)}
                        ),
                        then=Value(TranslationStatus.OUTDATED),
                    ),
                    default=Value(TranslationStatus.UP_TO_DATE),
                    output_field=CharField(),
                )
            }
        )
    return queryset


def source_pages(source: Locale) -> QuerySet:
    """Every page of the source locale (the tree root excluded)."""
    return Page.objects.filter(locale=source, depth__gt=1).select_related(
        "content_type"
    )


def translation_status(page: Page, locale: Locale) -> str:
    """The status of one page in one locale (one query; for tests and services)."""
    annotated = annotate_translation_status(Page.objects.filter(pk=page.pk), [locale])
    return annotated.values_list(field_name(locale, "status"), flat=True).get()
