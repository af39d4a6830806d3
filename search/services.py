"""Site search: what the search page and the autocomplete ask of Wagtail's search.

Page types are discovered from Wagtail (every indexed page model), never listed
here, so a new content app is searchable as soon as it declares ``search_fields``.

A page that carries documents (PDFs) whose text it indexes tells this module so
by duck typing, without the search app knowing its models: it lists the search
fields holding that text in ``search_document_fields`` (left out of the page's
own snippet) and gives the text page by page with ``search_document_pages()``,
objects with ``number``, ``text`` and ``url`` (the PDF opened at that page).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.utils import timezone
from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Locale, Page, get_page_models
from wagtail.search.index import SearchField, class_is_indexed

from . import korean
from .exceptions import SearchUnavailable

logger = logging.getLogger(__name__)

PER_PAGE = 10
AUTOCOMPLETE_LIMIT = 8
SNIPPET_LENGTH = 240
ORDER_RELEVANCE = "relevance"
ORDER_DATE = "date"

try:  # The client is installed with Wagtail's Elasticsearch support.
    from elasticsearch import ApiError, TransportError

    BACKEND_ERRORS: tuple[type[Exception], ...] = (
        ApiError,
        TransportError,
        DatabaseError,
    )
except ImportError:  # pragma: no cover
    BACKEND_ERRORS = (DatabaseError,)


def searchable_page_types() -> list[type[Page]]:
    """Concrete page models that Wagtail indexes, except the bare ``Page``."""
    return [
        model
        for model in get_page_models()
        if model is not Page and class_is_indexed(model)
    ]


def page_type_key(model: type[Page]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


@dataclass
class SearchRequest:
    """A parsed search: the form's cleaned data."""

    query: str = ""
    page_type: str = ""
    year: int | None = None
    order: str = ORDER_RELEVANCE
    all_languages: bool = False
    page_number: Any = 1


@dataclass
class SearchHit:
    page: Page
    snippet: SafeString
    # The page of a PDF the snippet comes from (``number``, ``url``), if any.
    document_page: Any = None


@dataclass
class SearchOutcome:
    request: SearchRequest
    page: PaginatorPage | None = None
    hits: list[SearchHit] = field(default_factory=list)
    promotions: list[Any] = field(default_factory=list)
    type_counts: list[tuple[type[Page], int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.page.paginator.count if self.page else 0


class SiteSearch:
    """Searches the public pages of one locale (or all) with Wagtail's backend."""

    def __init__(self, locale: Locale | None = None):
        self.locale = locale or Locale.get_active()

    def base_queryset(self, all_languages: bool = False):
        pages = Page.objects.live().public().exclude(depth__lte=1)
        if not all_languages:
            pages = pages.filter(locale=self.locale)
        return pages

    def years(self, all_languages: bool = False) -> list[int]:
        dates = self.base_queryset(all_languages).dates(
            "first_published_at", "year", order="DESC"
        )
        return [d.year for d in dates]

    def search(self, request: SearchRequest) -> SearchOutcome:
        outcome = SearchOutcome(request=request)
        query = korean.clean_query(request.query)
        if not query:
            return outcome
        pages = self.base_queryset(request.all_languages)
        if request.year:
            pages = pages.filter(
                first_published_at__gte=_start_of_year(request.year),
                first_published_at__lt=_start_of_year(request.year + 1),
            )
        models = {page_type_key(m): m for m in searchable_page_types()}
        try:
            unfiltered = pages.search(query)
            outcome.type_counts = self._type_counts(unfiltered, models)
            model = models.get(request.page_type)
            if model is not None:
                pages = pages.filter(
                    content_type=ContentType.objects.get_for_model(model)
                )
            if request.order == ORDER_DATE:
                results = pages.order_by("-first_published_at").search(
                    query, order_by_relevance=False
                )
            else:
                results = pages.search(query)
            outcome.page = Paginator(results, PER_PAGE).get_page(request.page_number)
            specific = [page.specific for page in outcome.page.object_list]
        except BACKEND_ERRORS as exc:
            logger.warning("Search backend failed: %s", exc)
            raise SearchUnavailable from exc
        words = korean.query_words(query)
        outcome.hits = [hit_for(page, words) for page in specific]
        if outcome.page.number == 1:
            outcome.promotions = self.promotions(query, request.all_languages)
        return outcome

    def _type_counts(self, results, models) -> list[tuple[type[Page], int]]:
        by_ct = results.facet("content_type_id")
        counts = []
        for model in models.values():
            ct = ContentType.objects.get_for_model(model)
            count = by_ct.get(ct.pk) or by_ct.get(str(ct.pk)) or 0
            if count:
                counts.append((model, count))
        return sorted(counts, key=lambda item: -item[1])

    def promotions(self, query: str, all_languages: bool = False) -> list[Any]:
        """Editor's picks for this query that point at live pages of the locale."""
        picks = (
            Query.get(query).editors_picks.select_related("page").order_by("sort_order")
        )
        visible = self.base_queryset(all_languages)
        live_ids = set(
            visible.filter(pk__in=[p.page_id for p in picks if p.page_id]).values_list(
                "pk", flat=True
            )
        )
        return [p for p in picks if p.page_id in live_ids or p.external_link_url]

    def autocomplete(self, query: str) -> list[dict[str, str]]:
        query = korean.clean_query(query)
        if not query:
            return []
        try:
            pages = list(self.base_queryset().autocomplete(query)[:AUTOCOMPLETE_LIMIT])
        except BACKEND_ERRORS as exc:
            logger.warning("Autocomplete backend failed: %s", exc)
            raise SearchUnavailable from exc
        return [{"title": page.title, "url": page.get_url() or ""} for page in pages]


def _start_of_year(year: int) -> datetime:
    return timezone.make_aware(datetime.combine(datetime(year, 1, 1), time.min))


def page_text(page: Page) -> str:
    """The searchable text of a page, as plain text (titles and the text of its
    documents excluded)."""
    parts = [page.search_description or ""]
    skipped = {"title", *getattr(page, "search_document_fields", ())}
    for search_field in page.get_search_fields():
        if isinstance(search_field, SearchField) and (
            search_field.field_name not in skipped
        ):
            value = search_field.get_value(page)
            if isinstance(value, list | tuple):
                value = " ".join(str(item) for item in value)
            parts.append(strip_tags(str(value or "")))
    return re.sub(r"\s+", " ", " ".join(parts)).strip()


def _term_pattern(words: list[str]) -> re.Pattern[str] | None:
    """Matches the query words in text: Korean as written, English by its stem."""
    alternatives = []
    for word in words:
        if korean.contains_hangul(word):
            alternatives.append(_spaced_hangul(word))
        else:
            stem = word[: max(3, len(word) - 2)] if len(word) > 4 else word
            alternatives.append(rf"\b{re.escape(stem)}\w*")
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _spaced_hangul(word: str) -> str:
    """``word`` with any spacing between its syllables: the index matches 강제송환
    in 강제 송환, and PDFs break Korean lines inside words."""
    return r"\s*".join(re.escape(syllable) for syllable in word)


def hit_for(page: Page, words: list[str]) -> SearchHit:
    """The result for ``page``: a snippet from the page's own text, unless a page
    of its documents has more of the words (then from the first such page, with
    its number)."""
    text = page_text(page)
    best = _words_found(words, text)
    found = None
    if best < len(words):
        document_pages = getattr(page, "search_document_pages", tuple)()
        for document_page in document_pages:
            document_text = re.sub(r"\s+", " ", document_page.text)
            count = _words_found(words, document_text)
            if count > best:
                best, found = count, (document_page, document_text)
                if count == len(words):
                    break
        if hasattr(document_pages, "close"):
            document_pages.close()  # its database cursor, when stopped early
    if found is None:
        return SearchHit(page, snippet_for(page, words, text))
    document_page, document_text = found
    return SearchHit(page, snippet_for(page, words, document_text), document_page)


def _words_found(words: list[str], text: str) -> int:
    """How many of the query words ``text`` contains."""
    count = 0
    for word in words:
        pattern = _term_pattern([word])
        if pattern is not None and pattern.search(text):
            count += 1
    return count


def snippet_for(page: Page, words: list[str], text: str | None = None) -> SafeString:
    """A short passage around the first match, with matches in ``<mark>``.

    The text (the page's own unless given) is escaped piece by piece, so page
    content can never inject markup.
    """
    if text is None:
        text = page_text(page)
    pattern = _term_pattern(words)
    first = pattern.search(text) if pattern else None
    if first is None:
        return conditional_escape(_shorten(text, 0))
    start = max(0, first.start() - SNIPPET_LENGTH // 3)
    window = _shorten(text, start)
    pieces, cursor = [], 0
    for match in pattern.finditer(window):
        pieces.append(conditional_escape(window[cursor : match.start()]))
        pieces.append(f"<mark>{conditional_escape(match.group(0))}</mark>")
        cursor = match.end()
    pieces.append(conditional_escape(window[cursor:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece escaped above)


def _shorten(text: str, start: int) -> str:
    window = text[start : start + SNIPPET_LENGTH]
    if start > 0:
        window = "…" + window
    if start + SNIPPET_LENGTH < len(text):
        window += "…"
    return window
