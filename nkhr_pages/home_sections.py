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

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import (
    Case,
    Exists,
    F,
    OuterRef,
    QuerySet,
    Value,
    When,
)
from django.db.models.lookups import StartsWith
from wagtail.models import Locale, Page, PageViewRestriction

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
from .templatetags.nkhr_images import COVER_SPEC, picture_specs

# Filter specs of the home page's pictures; templates use these names only.
HERO_IMAGE_SPEC = "fill-1600x700"
CARD_IMAGE_SPEC = "fill-800x500"
COVER_IMAGE_SPEC = COVER_SPEC  # the one spec of every cover ({% publication_cover %})
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


def attach_renditions(pictures: Iterable[tuple[Any, str]]) -> None:
    """Fetch, in one query, the renditions every ``(image, filter spec)`` pair
    needs (``picture_specs``). Images that may not be shown are skipped: their
    renditions are never even looked up."""
    shown = [
        (image, spec)
        for image, spec in pictures
        if image is not None and image.is_publicly_displayable()
    ]
    if not shown:
        return
    specs = {name for _image, spec in shown for name in picture_specs(spec)}
    rendition_model = ProtectedImage.get_rendition_model()
    rows = rendition_model.objects.filter(
        image_id__in={image.pk for image, _spec in shown}, filter_spec__in=specs
    )
    by_image = defaultdict(list)
    for rendition in rows:
        by_image[rendition.image_id].append(rendition)
    for image, _spec in shown:
        image.prefetched_renditions = list(by_image[image.pk])


def card_campaigns() -> QuerySet:
    """Campaigns with their card picture, annotated with ``is_restricted``."""
    return CampaignPage.objects.select_related("hero_image").annotate(
        is_restricted=restricted()
    )


def campaign_cards(
    locale: Locale | int | None,
    chosen: Iterable[Any] = (),
    count: int = 3,
    renditions: bool = True,
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
    if renditions:
        attach_renditions(campaign_pictures(items))
    return items


def campaign_pictures(items: Iterable[CampaignPage]) -> list[tuple[Any, str]]:
    return [(page.hero_image, CARD_IMAGE_SPEC) for page in items]


def latest_publications(
    locale: Locale | int | None, count: int = 3, renditions: bool = True
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
    if renditions:
        attach_renditions(publication_pictures(items))
    return items


def publication_pictures(items: Iterable[PublicationPage]) -> list[tuple[Any, str]]:
    pictures = []
    for publication in items:
        pictures.append((publication.cover_image, COVER_IMAGE_SPEC))
        cover = getattr(publication.document, "generated_cover", None)
        pictures.append((cover.image if cover else None, COVER_IMAGE_SPEC))
    return pictures


def latest_coverage(
    locale: Locale | int | None, count: int = 5
) -> list[MediaCoveragePage]:
    """The newest clippings of ``locale``, or of any language when it has none
    (clippings are often imported into one language tree only): one query."""
    count = max(1, min(count, MAX_ITEMS))
    queryset = public_pages(MediaCoveragePage.objects.all()).select_related(
        "outlet", "locale"
    )
    if locale is not None:
        # This locale's clippings first, then the others.
        other = Case(When(locale=locale, then=Value(0)), default=Value(1))
        queryset = queryset.alias(other_locale=other).order_by(
            "other_locale", "-publication_date", "pk"
        )
    items = list(queryset[:count])
    own = [item for item in items if item.locale_id == getattr(locale, "pk", locale)]
    return own or items


def prepare_sections(body: Any, locale: Locale | int | None) -> dict[str, list]:
    """The items of every listing section of a home page's ``body``, by block
    id, and the renditions of all the page's pictures (hero included) in a
    single query: the sections' ``get_context`` then query nothing more."""
    prepared: dict[str, list] = {}
    pictures: list[tuple[Any, str]] = []
    for block in body:
        value = block.value
        if block.block_type == "hero":
            pictures.append((value["image"], HERO_IMAGE_SPEC))
        elif block.block_type == "featured_campaigns":
            items = campaign_cards(
                locale, value["campaigns"], value["count"], renditions=False
            )
            pictures += campaign_pictures(items)
            prepared[block.id] = items
        elif block.block_type == "latest_publications":
            items = latest_publications(locale, value["count"], renditions=False)
            pictures += publication_pictures(items)
            prepared[block.id] = items
        elif block.block_type == "in_the_media":
            prepared[block.id] = latest_coverage(locale, value["count"])
    attach_renditions(pictures)
    return prepared


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
