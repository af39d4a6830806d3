"""What visitors searched for, per language, and whether it found anything.

Wagtail's search terms log (``Query``, ``QueryDailyHits`` of
``wagtail.contrib.search_promotions``) has no language and no notion of a search
that found nothing. This table adds both, one row per logged term, language and
day, and only for terms the log already holds: however the log is bounded, this
table grows no faster (and its rows go when their term is deleted).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchTermOutcome(models.Model):
    # By name: the search app loads (and its system check can name the missing
    # app) even where wagtail.contrib.search_promotions is not installed.
    query = models.ForeignKey(
        "wagtailsearchpromotions.Query",
        verbose_name=_("search term"),
        on_delete=models.CASCADE,
        related_name="nkhr_outcomes",
    )
    language_code = models.CharField(_("language"), max_length=15)
    date = models.DateField(_("date"))
    searches = models.PositiveIntegerField(_("searches"), default=0)
    searches_without_results = models.PositiveIntegerField(
        _("searches without results"), default=0
    )

    class Meta:
        verbose_name = _("search term outcome")
        verbose_name_plural = _("search term outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["query", "language_code", "date"],
                name="nkhr_search_outcome_one_per_term_language_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.query} ({self.language_code}, {self.date})"


class PendingIndexUpdate(models.Model):
    """An object whose search index update failed (Elasticsearch down): it is
    indexed again by ``catch_up_index`` once the search engine answers, so a
    page published during an outage is found afterwards (docs/deploy.md)."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("content type"),
        on_delete=models.CASCADE,
    )
    object_id = models.CharField(_("object id"), max_length=64)
    failed_at = models.DateTimeField(_("failed at"), auto_now=True)

    class Meta:
        verbose_name = _("pending index update")
        verbose_name_plural = _("pending index updates")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                name="nkhr_search_pending_index_update_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type} {self.object_id}"
