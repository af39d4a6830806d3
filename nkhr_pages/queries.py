"""The queries behind index pages, the archive filters and campaign timelines.

Every function costs a constant number of SQL queries whatever the number of
items: related objects are joined or prefetched, never loaded per item. Filters
are parsed by small forms, so bad input (``?year=99999``, an unknown topic) is
reported and ignored instead of raising.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Locale, Page

from .models import (
    CampaignPage,
    EventPage,
    MediaCoveragePage,
    NewsletterIssuePage,
    NewsletterSeries,
    Outlet,
    ProgramPage,
    ProtectedImage,
    PublicationPage,
    PublicationTopic,
)
from .models.publications import PublicationType

# Filter specs of the images shown in lists; prefetched so that one query
# fetches every item's rendition (templates must use the same spec). Card
# images (16:9) with the narrower variant ``{% protected_image %}`` offers in
# ``srcset``: a listing costs the same number of queries whatever its length.
# Publication covers are loaded by ``covers.load_covers``.
LISTING_IMAGE_SPECS = ("fill-640x360", "fill-480x270")
MIN_YEAR, MAX_YEAR = 1990, 2100


def paginate(request: HttpRequest, items: Any, per_page: int) -> PaginatorPage:
    """One page of ``items``; ``?page=abc``, ``0`` or too large give page 1 or the
    last page (Django's ``get_page``), never an error."""
    paginator = Paginator(items, max(per_page, 1))
    return paginator.get_page(request.GET.get("page"))


def querystring_without_page(params: QueryDict) -> str:
    """The current filters, for pagination links (``?type=x&page=2``)."""
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


def _children(index_page: Page, model: type[Page]) -> QuerySet:
    return model.objects.child_of(index_page).live().public()


def _with_listing_image(
    queryset: QuerySet, field: str, specs: tuple[str, ...] = LISTING_IMAGE_SPECS
) -> QuerySet:
    return queryset.prefetch_related(
        Prefetch(field, queryset=ProtectedImage.objects.prefetch_renditions(*specs))
    )


def _year_range(year: int) -> tuple[datetime.date, datetime.date]:
    # A date range, not __year: Wagtail's search backends can filter on it too.
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        kwargs.setdefault("label", _("Year"))
        super().__init__(**kwargs)


class ListingFilterForm(forms.Form):
    """Base of the filter forms: invalid values are dropped, not fatal."""

    def valid_data(self) -> dict[str, Any]:
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value not in (None, "", [])
        }


# --- Publications -----------------------------------------------------------


class PublicationFilterForm(ListingFilterForm):
    """Parses the archive's ``type``, ``topic`` (slug) and ``year`` parameters."""

    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[
            ("", pgettext_lazy("publication types", "All types")),
            *PublicationType.choices,
        ],
    )
    topic = forms.CharField(label=_("Topic"), required=False, max_length=100)
    year = YearField()

    def clean_topic(self) -> list | None:
        """The ``translation_key`` of the topic with this slug: translations of a
        topic share it, so the filter works whichever locale's topic a page uses."""
        slug = self.cleaned_data.get("topic")
        if not slug:
            return None
        keys = list(
            PublicationTopic.objects.filter(slug=slug)
            .values_list("translation_key", flat=True)
            .distinct()
        )
        if not keys:
            raise forms.ValidationError(
                _("There is no topic called “%(slug)s”."), params={"slug": slug}
            )
        return keys


def filter_publications(
    queryset: QuerySet, params: Mapping[str, Any]
) -> tuple[QuerySet, PublicationFilterForm]:
    """Apply the archive filters in ``params`` to a PublicationPage queryset.

    Only filters Wagtail's search backends understand are used (exact, ``__in``,
    date ranges on FilterFields), so the result can still be ``.search()``-ed.
    Returns the queryset and the bound form (for its errors and widgets).
    """
    form = PublicationFilterForm(params)
    data = form.valid_data()
    if "type" in data:
        queryset = queryset.filter(publication_type=data["type"])
    if "topic" in data:
        # Through the topic's own field, so that search backends see a
        # RelatedFields("topics") FilterField instead of a bare join table.
        queryset = queryset.filter(topics__translation_key__in=data["topic"])
    if "year" in data:
        start, end = _year_range(data["year"])
        queryset = queryset.filter(
            publication_date__gte=start, publication_date__lte=end
        )
    return queryset, form


def localize_topics(publications: Iterable[PublicationPage], locale_id: int) -> None:
    """Set ``display_topics`` on each publication: its topics in ``locale_id``.

    A translated page may still point at the source language's topics (the
    field is synchronised); one query finds their translations for all pages.
    Expects ``topics`` to be prefetched.
    """
    publications = list(publications)
    keys = {t.translation_key for p in publications for t in p.topics.all()}
    local = {
        topic.translation_key: topic
        for topic in PublicationTopic.objects.filter(
            locale_id=locale_id, translation_key__in=keys
        )
    }
    for publication in publications:
        publication.display_topics = [
            local.get(topic.translation_key, topic)
            for topic in publication.topics.all()
        ]


def publication_archive(index_page: Page, request: HttpRequest) -> dict[str, Any]:
    """Context of the publication archive: searched, filtered, faceted, paginated.

    Without ``q`` the archive is a plain listing (newest first); with ``q`` it goes
    through Wagtail's search backend (``.search()``/``.facet()``), so the Korean
    handling and the relevance order come from the configured backend.
    """
    from .covers import load_covers

    search = ArchiveSearch(index_page, request.GET)
    results = search.results()
    if isinstance(results, QuerySet):
        results = results.prefetch_related("topics")
    base = _children(index_page, PublicationPage)
    publications = paginate(request, results, index_page.per_page)
    # Search results are not a queryset: their covers are loaded per page.
    publications.object_list = load_covers(publications.object_list)
    localize_topics(publications.object_list, index_page.locale_id)
    return {
        "publications": publications,
        "filter_form": search.form,
        "search_form": search.search_form,
        "facets": search.facets(),
        "years": [d.year for d in base.dates("publication_date", "year", "DESC")],
        "topics": PublicationTopic.objects.filter(locale_id=index_page.locale_id),
        "publication_types": PublicationType.choices,
        "querystring": querystring_without_page(request.GET),
        # The filters in force, carried by the search form as hidden fields so
        # that a new query keeps them; and the URL without any of them.
        "kept_filters": search.kept_filters(),
        "unfiltered_querystring": search.unfiltered_querystring(),
    }


# --- Publication archive search and facets ------------------------------------

ORDER_NEWEST, ORDER_OLDEST, ORDER_RELEVANCE, ORDER_TITLE = (
    "newest",
    "oldest",
    "relevance",
    "title",
)
LANG_ALL = "all"
MAX_ARCHIVE_QUERY_LENGTH = 200


class ArchiveSearchForm(ListingFilterForm):
    """The archive's query, order and language (filters: PublicationFilterForm)."""

    q = forms.CharField(label=_("Search publications"), required=False)
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("", _("Default order")),
            (ORDER_NEWEST, _("Newest first")),
            (ORDER_OLDEST, _("Oldest first")),
            (ORDER_RELEVANCE, _("Relevance")),
            (ORDER_TITLE, _("Title")),
        ],
    )
    lang = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lang"].choices = [
            ("", _("This language")),
            (LANG_ALL, _("All languages")),
            *settings.LANGUAGES,
        ]

    def clean_q(self) -> str:
        # Cut, not refused: a pasted paragraph still searches.
        return (self.cleaned_data.get("q") or "").strip()[:MAX_ARCHIVE_QUERY_LENGTH]


@dataclass
class FacetValue:
    value: Any
    label: str
    count: int
    selected: bool


class ArchiveSearch:
    """Query + filters + facet counts over one publication archive.

    Each facet counts the publications matching the query and every *other*
    filter, so the counts say what choosing that value would give (the usual
    faceted-search behaviour); all state lives in the URL's query string.
    """

    FACETS = ("type", "topic", "year", "lang")

    def __init__(self, index_page: Page, params: Mapping[str, Any]):
        self.index_page = index_page
        self.params = params
        self.search_form = ArchiveSearchForm(params)
        search_data = self.search_form.valid_data()
        self.query: str = search_data.get("q", "")
        self.order: str = search_data.get("order", "")
        self.lang: str = search_data.get("lang", "")
        self.form = PublicationFilterForm(params)
        self.filters = self.form.valid_data()

    def kept_filters(self) -> list[tuple[str, str]]:
        """``(name, value)`` of each valid filter in the URL (type, topic,
        year, lang), as the URL wrote it."""
        names = [name for name in ("type", "topic", "year") if name in self.filters]
        if self.lang:
            names.append("lang")
        return [(name, str(self.params.get(name))) for name in names]

    def unfiltered_querystring(self) -> str:
        """The query and order of the URL without its filters."""
        query = QueryDict(mutable=True)
        for name in ("q", "order"):
            if self.params.get(name):
                query[name] = self.params.get(name)
        return query.urlencode()

    # The publications of this archive in the chosen language(s).
    def _base(self) -> QuerySet:
        if not self.lang:
            return _children(self.index_page, PublicationPage)
        indexes = Page.objects.filter(translation_key=self.index_page.translation_key)
        if self.lang != LANG_ALL:
            indexes = indexes.filter(locale__language_code=self.lang)
        query = Q(pk__in=[])
        for index in indexes:
            query |= Q(path__startswith=index.path, depth=index.depth + 1)
        return PublicationPage.objects.live().public().filter(query)

    def _filtered(self, queryset: QuerySet, skip: str = "") -> QuerySet:
        data = self.filters
        if "type" in data and skip != "type":
            queryset = queryset.filter(publication_type=data["type"])
        if "topic" in data and skip != "topic":
            # ``topics__...`` is not a filter search backends understand; ids are.
            # ``data["topic"]`` holds the topic's translation keys (all locales).
            ids = PublicationPage.objects.filter(
                topics__translation_key__in=data["topic"]
            ).values_list("pk", flat=True)
            queryset = queryset.filter(pk__in=list(ids))
        if "year" in data and skip != "year":
            start, end = _year_range(data["year"])
            queryset = queryset.filter(
                publication_date__gte=start, publication_date__lte=end
            )
        return queryset

    def _ordered(self, queryset: QuerySet) -> QuerySet:
        order = self.order or (ORDER_RELEVANCE if self.query else ORDER_NEWEST)
        if order == ORDER_OLDEST:
            return queryset.order_by("publication_date", "id")
        if order == ORDER_TITLE:
            return queryset.order_by("title", "id")
        return queryset.order_by("-publication_date", "-id")

    def results(self):
        queryset = self._filtered(self._base())
        if not self.query:
            return self._ordered(queryset)
        by_relevance = (self.order or ORDER_RELEVANCE) == ORDER_RELEVANCE
        if by_relevance:
            return queryset.search(self.query)
        return self._ordered(queryset).search(self.query, order_by_relevance=False)

    def _counts(self, queryset: QuerySet, field: str) -> dict[Any, int]:
        if self.query:
            results = queryset.search(self.query)
            # A query of only syntax characters leaves the backend nothing to
            # search: it answers with empty results that cannot be faceted.
            return dict(results.facet(field)) if results.supports_facet else {}
        rows = queryset.order_by().values(field).annotate(n=Count("pk"))
        return {row[field]: row["n"] for row in rows}

    def facets(self) -> dict[str, list[FacetValue]]:
        data = self.filters
        types = self._counts(self._filtered(self._base(), "type"), "publication_type")
        topic_counts = self._counts(self._filtered(self._base(), "topic"), "topics")
        dates = self._counts(self._filtered(self._base(), "year"), "publication_date")
        saved_lang, self.lang = self.lang, LANG_ALL
        try:
            locales = self._counts(self._filtered(self._base()), "locale_id")
        finally:
            self.lang = saved_lang
        return {
            "type": [
                FacetValue(value, label, types[value], data.get("type") == value)
                for value, label in PublicationType.choices
                if types.get(value)
            ],
            "topic": self._topic_facet(topic_counts),
            "year": self._year_facet(dates),
            "lang": self._language_facet(locales),
        }

    def _topic_facet(self, counts: dict[Any, int]) -> list[FacetValue]:
        ids = [pk for pk in counts if pk is not None]
        topics = PublicationTopic.objects.filter(pk__in=ids)
        by_key: dict[Any, int] = {}
        for topic in topics:
            by_key[topic.translation_key] = (
                by_key.get(topic.translation_key, 0) + counts[topic.pk]
            )
        selected = self.params.get("topic")
        shown = PublicationTopic.objects.filter(
            translation_key__in=by_key, locale_id=self.index_page.locale_id
        )
        return [
            FacetValue(t.slug, t.name, by_key[t.translation_key], t.slug == selected)
            for t in shown
        ]

    def _year_facet(self, counts: dict[Any, int]) -> list[FacetValue]:
        years: dict[int, int] = {}
        for value, count in counts.items():
            year = _year_of(value)
            if year is not None:
                years[year] = years.get(year, 0) + count
        selected = self.filters.get("year")
        return [
            FacetValue(year, str(year), years[year], year == selected)
            for year in sorted(years, reverse=True)
        ]

    def _language_facet(self, counts: dict[Any, int]) -> list[FacetValue]:
        codes = dict(
            Locale.objects.filter(pk__in=[k for k in counts if k]).values_list(
                "pk", "language_code"
            )
        )
        names = dict(settings.LANGUAGES)
        per_code: dict[str, int] = {}
        for pk, count in counts.items():
            if pk in codes:
                per_code[codes[pk]] = per_code.get(codes[pk], 0) + count
        return [
            FacetValue(code, str(names[code]), per_code[code], self.lang == code)
            for code, _name in settings.LANGUAGES
            if per_code.get(code)
        ]


def _year_of(value: Any) -> int | None:
    """The year of a facet key: a date (database backends) or epoch milliseconds
    (Elasticsearch returns date buckets that way)."""
    if isinstance(value, datetime.date):
        return value.year
    if isinstance(value, int | float):
        return datetime.datetime.fromtimestamp(value / 1000, tz=datetime.UTC).year
    if isinstance(value, str) and len(value) >= 4 and value[:4].isdigit():
        return int(value[:4])
    return None


# --- Media coverage ---------------------------------------------------------


class MediaCoverageFilterForm(ListingFilterForm):
    # Bounded like a database key: a longer number is an invalid filter, not a
    # query the database refuses.
    outlet = forms.IntegerField(
        label=_("Outlet"), required=False, min_value=1, max_value=2**31 - 1
    )
    year = YearField()


def media_coverage_listing(index_page: Page, request: HttpRequest) -> dict[str, Any]:
    """Clippings newest first, filterable by outlet and year; the template groups
    the current page by year."""
    base = _children(index_page, MediaCoveragePage)
    form = MediaCoverageFilterForm(request.GET)
    data = form.valid_data()
    queryset = base
    if "outlet" in data:
        queryset = queryset.filter(outlet_id=data["outlet"])
    if "year" in data:
        start, end = _year_range(data["year"])
        queryset = queryset.filter(
            publication_date__gte=start, publication_date__lte=end
        )
    queryset = queryset.select_related("outlet").order_by("-publication_date", "pk")
    return {
        "coverage": paginate(request, queryset, index_page.per_page),
        "filter_form": form,
        "outlets": Outlet.objects.filter(coverage__in=base).distinct().order_by("name"),
        "years": [d.year for d in base.dates("publication_date", "year", "DESC")],
        "querystring": querystring_without_page(request.GET),
    }


# --- Campaigns, newsletters, programs, events --------------------------------


class ChoiceFilterForm(ListingFilterForm):
    """A single ``?<name>=<choice>`` filter."""

    def __init__(self, data, *, name: str, choices: Iterable[tuple[str, Any]]):
        super().__init__(data)
        self.fields[name] = forms.ChoiceField(
            required=False, choices=[("", _("All")), *choices]
        )


def _choice_listing(
    index_page: Page,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    name: str,
    field: str,
    choices: Iterable[tuple[str, Any]],
) -> dict[str, Any]:
    form = ChoiceFilterForm(request.GET, name=name, choices=choices)
    data = form.valid_data()
    if name in data:
        queryset = queryset.filter(**{field: data[name]})
    return {
        "items": paginate(request, queryset, index_page.per_page),
        "filter_form": form,
        "querystring": querystring_without_page(request.GET),
    }


def campaign_listing(index_page: Page, request: HttpRequest) -> dict[str, Any]:
    queryset = _with_listing_image(
        _children(index_page, CampaignPage), "hero_image"
    ).order_by("-status", "-start_date", "-pk")  # "ongoing" sorts after "concluded"
    return _choice_listing(
        index_page,
        request,
        queryset,
        name="status",
        field="status",
        choices=CampaignPage.Status.choices,
    )


def newsletter_listing(index_page: Page, request: HttpRequest) -> dict[str, Any]:
    # Issues known only by their year share its first day: the later-created
    # (later in the series) comes first.
    queryset = _children(index_page, NewsletterIssuePage).order_by(
        "-issue_date", F("issue_number").desc(nulls_last=True), "-path"
    )
    return _choice_listing(
        index_page,
        request,
        queryset,
        name="series",
        field="series",
        choices=NewsletterSeries.choices,
    )


def program_listing(index_page: Page, request: HttpRequest) -> dict[str, Any]:
    queryset = _with_listing_image(
        _children(index_page, ProgramPage), "hero_image"
    ).order_by("title")
    return _choice_listing(
        index_page,
        request,
        queryset,
        name="kind",
        field="kind",
        choices=ProgramPage.Kind.choices,
    )


def event_listing(index_page: Page, request: HttpRequest) -> dict[str, Any]:
    """Events newest first; the template marks upcoming ones."""
    queryset = _with_listing_image(
        _children(index_page, EventPage), "hero_image"
    ).order_by("-start_date", "-pk")
    form = ListingFilterForm(request.GET)
    form.fields["year"] = YearField()
    data = form.valid_data()
    if "year" in data:
        start, end = _year_range(data["year"])
        queryset = queryset.filter(start_date__gte=start, start_date__lte=end)
    return {
        "items": paginate(request, queryset, index_page.per_page),
        "filter_form": form,
        "today": timezone.localdate(),
        "querystring": querystring_without_page(request.GET),
    }


# --- Campaign timeline ------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """One dated item on a campaign's timeline."""

    date: datetime.date
    kind: str  # "publication", "media_coverage", "newsletter_issue", "event"
    page: Page

    @property
    def date_precision(self) -> str:
        """How precisely the page's documents date it (media coverage: the day)."""
        return getattr(self.page, "date_precision", "day")


TIMELINE_SOURCES: list[tuple[str, type[Page], str, tuple[str, ...]]] = [
    ("publication", PublicationPage, "publication_date", ()),
    ("media_coverage", MediaCoveragePage, "publication_date", ("outlet",)),
    ("newsletter_issue", NewsletterIssuePage, "issue_date", ()),
    ("event", EventPage, "start_date", ()),
]


def campaign_timeline(campaign: CampaignPage) -> list[TimelineEntry]:
    """Every live page linked to ``campaign`` (in the campaign's locale), oldest
    first: one query per source type, whatever the number of items.

    Pages are matched through the campaign's ``translation_key``, so a Korean
    publication that still points at the English campaign (as a synchronised
    relation does after translation) shows on the Korean campaign too.
    """
    entries: list[TimelineEntry] = []
    for kind, model, date_field, related in TIMELINE_SOURCES:
        queryset = (
            model.objects.live()
            .public()
            .filter(locale_id=campaign.locale_id)
            .filter(
                # A subquery, not a join: no duplicates, no DISTINCT needed.
                pk__in=model.related_campaigns.through.objects.filter(
                    campaignpage__translation_key=campaign.translation_key
                ).values(f"{model._meta.model_name}_id")
            )
            .select_related(*related)
        )
        entries += [
            TimelineEntry(getattr(page, date_field), kind, page) for page in queryset
        ]
    entries.sort(key=lambda entry: (entry.date, entry.kind, entry.page.pk))
    return entries
