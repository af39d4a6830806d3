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
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import conditional_escape, strip_tags
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Locale, Page, get_page_models
from wagtail.search.index import SearchField, class_is_indexed

from . import korean, spelling
from .exceptions import SearchUnavailable
from .search_log import record_search_outcome

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


def facet_page_types() -> list[type[Page]]:
    """The kinds of content visitors filter by: page models that declare a
    ``search_facet_label`` (index, home, standard and donation pages do not)."""
    return [
        model
        for model in searchable_page_types()
        if getattr(model, "search_facet_label", None)
    ]


def facet_label(model: type[Page]) -> str:
    return str(model.search_facet_label)


def content_date_field(model: type[Page]) -> str | None:
    """The model's own date field for the year filter (``content_date_field``)."""
    return getattr(model, "content_date_field", None)


def pages_of_year(year: int):
    """Pages whose content is from ``year``: each model's ``content_date_field``,
    else the first publication date (a subquery of page ids)."""
    dated = [m for m in searchable_page_types() if content_date_field(m)]
    start, end = _start_of_year(year), _start_of_year(year + 1)
    condition = Q(first_published_at__gte=start, first_published_at__lt=end) & ~Q(
        content_type__in=[ContentType.objects.get_for_model(m) for m in dated]
    )
    for model in dated:
        field = content_date_field(model)
        ids = model.objects.filter(
            **{f"{field}__gte": start.date(), f"{field}__lt": end.date()}
        ).values("pk")
        condition |= Q(pk__in=ids)
    return Page.objects.filter(condition).values("pk")


def page_content_year(page: Page) -> int | None:
    """The year of the page's content: its ``content_date_field``, else the year
    (local time) it was first published. What the year facet counts, and what
    Elasticsearch stores with each page (``search.backends.elasticsearch8``)."""
    field = content_date_field(type(page))
    value = getattr(page, field, None) if field else None
    if value is not None:
        return value.year
    published = page.first_published_at
    return timezone.localtime(published).year if published else None


def content_years(page_ids) -> Counter:
    """How many of ``page_ids`` (ids, or a subquery of them) are from each year,
    by their content date: counted by the database, one query per dated page
    type and one for the others."""
    if not isinstance(page_ids, QuerySet):
        page_ids = list(page_ids)
    years: Counter = Counter()
    dated = [m for m in searchable_page_types() if content_date_field(m)]
    with_date = Q()
    for model in dated:
        field = content_date_field(model)
        rows = (
            model.objects.filter(pk__in=page_ids, **{f"{field}__isnull": False})
            .annotate(year=ExtractYear(field))
            .values("year")
            .annotate(count=Count("pk"))
            .order_by()
        )
        for row in rows:
            years[row["year"]] += row["count"]
        with_date |= Q(
            pk__in=model.objects.filter(**{f"{field}__isnull": False}).values("pk")
        )
    rest = Page.objects.filter(pk__in=page_ids, first_published_at__isnull=False)
    if dated:
        rest = rest.exclude(with_date)
    rows = (
        rest.annotate(year=ExtractYear("first_published_at"))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in rows:
        years[row["year"]] += row["count"]
    return years


def year_counts(results) -> Counter:
    """How many of the search ``results`` are from each year of their content.

    Each backend counts without handing the matching pages to Python (there can
    be tens of thousands): Elasticsearch from the year stored with each page
    (``content_year_counts``), the database backends in SQL from the matching
    pages as a subquery (``matching_queryset``). Other backends list the
    matching ids (``facet("id")``), which only suits small sites."""
    on_index = getattr(results, "content_year_counts", None)
    if on_index is not None:
        years = on_index()
        if years is not None:
            return years
    matching = getattr(results, "matching_queryset", None)
    if matching is not None:
        return content_years(matching().values("pk"))
    return content_years(int(pk) for pk in results.facet("id") if pk is not None)


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
    # Search the words as typed, without correcting their spelling.
    exact: bool = False


def prepare_listing(pages: list[Page]) -> None:
    """Let each page type load what its hit shows (a publication's cover) for
    all its hits at once: ``prepare_listing(pages)`` on the page's model, when
    the model has one. Pages are listed, not saved."""
    by_model: dict[type[Page], list[Page]] = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model, items in by_model.items():
        prepare = getattr(model, "prepare_listing", None)
        if prepare is not None:
            prepare(items)


@dataclass
class SearchHit:
    page: Page
    snippet: SafeString
    # The page of a PDF the snippet comes from (``number``, ``url``), if any.
    document_page: Any = None


@dataclass
class Facet:
    """One value of a filter, with how many results choosing it gives."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass
class OtherLanguage:
    """Results of the same query in another language of the site."""

    language_code: str
    name: str
    count: int
    url: str


@dataclass
class SearchOutcome:
    request: SearchRequest
    page: PaginatorPage | None = None
    hits: list[SearchHit] = field(default_factory=list)
    promotions: list[Any] = field(default_factory=list)
    type_counts: list[tuple[type[Page], int]] = field(default_factory=list)
    type_facets: list[Facet] = field(default_factory=list)
    year_facets: list[Facet] = field(default_factory=list)
    # The year asked for in the URL matches no content at all (not just none of
    # this query's results): the page says so instead of ignoring it.
    year_has_no_content: bool = False
    other_languages: list[OtherLanguage] = field(default_factory=list)
    # The query as corrected (``search.spelling``) when the words as typed
    # found nothing and the corrected ones did: these are its results.
    corrected_query: str = ""
    # No page has every word of the query: these results have some of them.
    any_words: bool = False

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

    def search(self, request: SearchRequest) -> SearchOutcome:
        query = korean.clean_query(request.query)
        if not query:
            return SearchOutcome(request=request)
        outcome = self._search(request, query)
        found_as_typed = outcome.total
        if not outcome.total and not request.exact and not request.all_languages:
            # Nothing found: a misspelt word ("repatriaton") is the likeliest
            # reason, so the corrected query is searched and the page says so.
            suggestion = spelling.suggest(query, self.locale)
            if suggestion:
                corrected = self._search(request, suggestion)
                if corrected.total:
                    corrected.corrected_query = suggestion
                    outcome = corrected
        if (
            not outcome.total
            and not request.exact
            and len(korean.query_words(query)) > 1
        ):
            # No page has every word: the pages with some of them, the most
            # (and the rarest) first, rather than nothing.
            some = self._search(request, query, operator="or")
            if some.total:
                some.any_words = True
                outcome = some
        if not found_as_typed and not request.all_languages:
            # Offered beside a correction or partial matches too: a Korean
            # query on the English site is most likely after the Korean pages.
            try:
                outcome.other_languages = self.other_languages(query)
            except BACKEND_ERRORS as exc:
                logger.warning("Search backend failed: %s", exc)
                raise SearchUnavailable from exc
        if outcome.page.number == 1:
            from .query_log import log_search

            log_search(query)  # bounded: see query_log
            # After the log of terms has had its say (it decides which terms
            # are kept): per language, and whether anything was found. The
            # query as typed: a misspelling that found nothing is reported.
            record_search_outcome(query, self.locale.language_code, found_as_typed)
        return outcome

    def _search(
        self, request: SearchRequest, query: str, operator: str = "and"
    ) -> SearchOutcome:
        """Results, facets and promotions of the cleaned ``query`` with the
        request's filters: pages with all its words, or with any (``operator``
        "or")."""
        outcome = SearchOutcome(request=request)
        pages = self.base_queryset(request.all_languages)
        models = {page_type_key(m): m for m in searchable_page_types()}
        model = models.get(request.page_type)
        # Each facet counts the results of every *other* filter: what choosing
        # one of its values would give.
        without_type = without_year = pages
        if request.year:
            in_year = pages_of_year(request.year)
            outcome.year_has_no_content = not pages.filter(pk__in=in_year).exists()
            without_type = pages.filter(pk__in=in_year)
        if model is not None:
            of_type = Q(content_type=ContentType.objects.get_for_model(model))
            without_year = pages.filter(of_type)
        results_pages = without_type if model is None else without_type.filter(of_type)
        try:
            outcome.type_counts = self._type_counts(
                without_type.search(query, operator=operator), models
            )
            outcome.type_facets = self._type_facets(outcome.type_counts, model)
            outcome.year_facets = self._year_facets(
                without_year.search(query, operator=operator), request.year
            )
            if request.order == ORDER_DATE:
                results = results_pages.order_by("-first_published_at").search(
                    query, order_by_relevance=False, operator=operator
                )
            else:
                results = results_pages.search(query, operator=operator)
            outcome.page = Paginator(results, PER_PAGE).get_page(request.page_number)
            specific = [page.specific for page in outcome.page.object_list]
        except BACKEND_ERRORS as exc:
            logger.warning("Search backend failed: %s", exc)
            raise SearchUnavailable from exc
        prepare_listing(specific)
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

    def _type_facets(self, type_counts, selected: type[Page] | None) -> list[Facet]:
        """Counts per kind of content visitors filter by, under their label."""
        offered = set(facet_page_types())
        return [
            Facet(page_type_key(model), facet_label(model), count, model is selected)
            for model, count in type_counts
            if model in offered
        ]

    def _year_facets(self, results, selected: int | None) -> list[Facet]:
        """Counts per year of the content's own date, newest first."""
        years = year_counts(results)
        return [
            Facet(str(year), str(year), count, year == selected)
            for year, count in sorted(years.items(), reverse=True)
        ]

    def other_languages(self, query: str) -> list[OtherLanguage]:
        """How many results the query has in each other language of the site."""
        found = []
        for locale in Locale.objects.exclude(pk=self.locale.pk).order_by(
            "language_code"
        ):
            pages = Page.objects.live().public().filter(locale=locale)
            count = pages.exclude(depth__lte=1).search(query).count()
            if count:
                code = locale.language_code
                # The language's own name (한국어), as language switchers show it.
                name = translation.get_language_info(code)["name_local"]
                with translation.override(code):
                    url = f"{reverse('search:search')}?{urlencode({'q': query})}"
                found.append(OtherLanguage(code, name, count, url))
        return found

    def promotions(self, query: str, all_languages: bool = False) -> list[Any]:
        """Editor's picks for this query that point at live pages of the locale."""
        # Imported here: without wagtail.contrib.search_promotions installed, the
        # import would fail as the URLconf loads, before the system check that
        # names the missing app (search.checks) could speak.
        from .query_log import known_query

        logged = known_query(query)  # looking up never adds a term to the log
        if logged is None:
            return []
        picks = logged.editors_picks.select_related("page").order_by("sort_order")
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
    """The searchable text of a page, as plain text (titles, the text of its
    documents and its ``search_snippet_excluded_fields`` excluded)."""
    parts = [page.search_description or ""]
    # A page type may leave searched fields out of its snippet (labels).
    skipped = {
        "title",
        *getattr(page, "search_document_fields", ()),
        *getattr(page, "search_snippet_excluded_fields", ()),
    }
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
