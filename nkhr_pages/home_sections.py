"""What the home page's sections list: campaigns, publications with covers and
media coverage, each in one query per section however many items it shows.

Images come in the same query as their pages (``select_related``), and all the
renditions a section's template asks for (``picture_specs``) in one more, so a
card costs no query of its own. Privacy ("private" sections of the site) is a
subquery, not Wagtail's ``public()``, which asks the database for the
restrictions once per queryset. The section blocks (``home_blocks``) call
these from their ``get_context``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import (
    Case,
    Exists,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.lookups import StartsWith
from wagtail.models import Locale, Page, PageViewRestriction

from .home_blocks import HERO_SPEC
from .models import (
    CampaignIndexPage,
    CampaignPage,
    MediaCoverageIndexPage,
    MediaCoveragePage,
    ProtectedImage,
    PublicationIndexPage,
    PublicationPage,
)
from .page_cache import generation_cached
from .templatetags.nkhr_images import picture_specs

# Filter specs of the home page's pictures; templates use these names only.
HERO_IMAGE_SPEC = HERO_SPEC
CARD_IMAGE_SPEC = "fill-800x500"
COVER_IMAGE_SPEC = "fill-600x800"
MAX_ITEMS = 12


def restricted() -> Exists:
    """True for a page inside a section with a view restriction (password,
    login, groups): such pages are never listed on the public home page."""
    return Exists(
        PageViewRestriction.objects.filter(
            StartsWith(OuterRef("path"), F("page__path"))
        )
    )


def public_pages(queryset: QuerySet) -> QuerySet:
    return queryset.live().alias(restricted=restricted()).filter(restricted=False)


def images_with_renditions(spec: str) -> QuerySet:
    return ProtectedImage.objects.prefetch_renditions(*picture_specs(spec))


def attach_renditions(images: Iterable[Any], spec: str) -> None:
    """Fetch, in one query, the renditions of ``spec`` for every image shown."""
    shown = [image for image in images if image is not None]
    rendition_model = ProtectedImage.get_rendition_model()
    prefetch_related_objects(
        shown,
        Prefetch(
            "renditions",
            queryset=rendition_model.objects.filter(
                filter_spec__in=picture_specs(spec)
            ),
            to_attr="prefetched_renditions",
        ),
    )


def card_campaigns() -> QuerySet:
    """Campaigns with their card picture, annotated with ``is_restricted``."""
    return CampaignPage.objects.select_related("hero_image").annotate(
        is_restricted=restricted()
    )


def campaign_cards(
    locale: Locale | int | None, chosen: Iterable[Any] = (), count: int = 3
) -> list[CampaignPage]:
    """The chosen campaigns (loaded by ``CampaignChooserBlock``) in the
    editor's order, those still live and public; else the latest ``count``
    campaigns of ``locale``, ongoing first."""
    items = [
        page
        for page in chosen
        if page is not None and page.live and not getattr(page, "is_restricted", True)
    ]
    if not items and not any(chosen):
        count = max(1, min(count, MAX_ITEMS))
        latest = card_campaigns().live().filter(is_restricted=False, locale=locale)
        items = list(
            latest.order_by("status", "-start_date", "-first_published_at")[:count]
        )
    attach_renditions((page.hero_image for page in items), CARD_IMAGE_SPEC)
    return items


def latest_publications(
    locale: Locale | int | None, count: int = 3
) -> list[PublicationPage]:
    """The newest publications with what ``covers.cover_for`` reads: the chosen
    cover, the cover drawn from the PDF, and the renditions of both."""
    count = max(1, min(count, MAX_ITEMS))
    queryset = (
        public_pages(PublicationPage.objects.filter(locale=locale))
        .select_related("cover_image", "document__generated_cover__image")
        .order_by("-publication_date", "-first_published_at")
    )
    items = list(queryset[:count])
    images = []
    for publication in items:
        images.append(publication.cover_image)
        cover = getattr(publication.document, "generated_cover", None)
        images.append(cover.image if cover else None)
    attach_renditions(images, COVER_IMAGE_SPEC)
    return items


def latest_coverage(
    locale: Locale | int | None, count: int = 5
) -> list[MediaCoveragePage]:
    """The newest clippings of ``locale``, or of any language when it has none
    (clippings are often imported into one language tree only): one query."""
    count = max(1, min(count, MAX_ITEMS))
    queryset = public_pages(MediaCoveragePage.objects.all()).select_related("outlet")
    if locale is not None:
        # This locale's clippings first, then the others.
        other = Case(When(locale=locale, then=Value(0)), default=Value(1))
        queryset = queryset.alias(other_locale=other).order_by(
            "other_locale", "-publication_date", "pk"
        )
    items = list(queryset[:count])
    own = [item for item in items if item.locale_id == getattr(locale, "pk", locale)]
    return own or items


INDEX_TYPES = {
    "campaigns": CampaignIndexPage,
    "publications": PublicationIndexPage,
    "media": MediaCoverageIndexPage,
}


def _section_urls(request: Any, locale: Locale | int | None) -> dict[str, str]:
    from django.contrib.contenttypes.models import ContentType

    types = ContentType.objects.get_for_models(*INDEX_TYPES.values())
    kinds = {types[model].pk: kind for kind, model in INDEX_TYPES.items()}
    pages = public_pages(
        Page.objects.filter(locale=locale, content_type_id__in=kinds)
    ).order_by("path")
    found: dict[str, str] = {}
    for page in pages.only("id", "url_path", "path", "content_type_id"):
        found.setdefault(kinds[page.content_type_id], page.get_url(request=request))
    return found


def section_urls(request: Any, locale: Locale | int | None) -> dict[str, str]:
    """Where the sections' "See all" links lead, by kind. Cached like the main
    menu (publishing anything retires it), so it costs no query once warm."""
    locale_id = getattr(locale, "pk", locale)
    if request is None:
        return _section_urls(None, locale)
    return generation_cached(
        request,
        f"home-sections:{locale_id}",
        lambda: _section_urls(request, locale),
    )
