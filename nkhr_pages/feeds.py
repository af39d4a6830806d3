"""RSS and Atom feeds of publications and media coverage, one per locale.

The feed URLs sit under the language prefix (``/en/feeds/...``, ``/ko/feeds/...``),
so the active language picks the locale. Images follow the consent rules: an
image that may not be shown publicly is left out of the feed entirely.
"""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Site

from .models import MediaCoveragePage, ProtectedImage, PublicationPage
from .templatetags.nkhr_images import displayable_image

FEED_SIZE = 50
FEED_IMAGE_SPEC = "width-600"


def _as_datetime(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


class _LocaleFeed(Feed):
    """Shared plumbing: remembers the request for absolute page URLs."""

    def __call__(self, request: HttpRequest, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def link(self) -> str:
        site = Site.find_for_request(self.request)
        root = site.root_page.localized if site else None
        return root.get_full_url(self.request) if root else "/"

    def item_link(self, item) -> str:
        return item.get_full_url(self.request)

    def item_guid(self, item) -> str:
        return item.get_full_url(self.request)


class PublicationsFeed(_LocaleFeed):
    title = _("NKHR publications")
    description = _(
        "Reports, UN submissions and statements of the Citizens' Alliance "
        "for North Korean Human Rights."
    )

    def items(self):
        return (
            PublicationPage.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .prefetch_related(
                Prefetch(
                    "cover_image",
                    queryset=ProtectedImage.objects.prefetch_renditions(
                        FEED_IMAGE_SPEC
                    ),
                )
            )
            .order_by("-publication_date", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        image = displayable_image(item.cover_image)
        if image is None:
            return item.summary
        rendition = image.get_rendition(FEED_IMAGE_SPEC)
        return format_html(
            '<p><img src="{}" alt="{}" width="{}" height="{}"></p><p>{}</p>',
            self.request.build_absolute_uri(rendition.url),
            image.alt_text_for(),
            rendition.width,
            rendition.height,
            item.summary,
        )

    def item_pubdate(self, item) -> datetime.datetime:
        return _as_datetime(item.publication_date)

    def item_author_name(self, item) -> str:
        return item.authors

    def item_categories(self, item) -> list[str]:
        return [item.get_publication_type_display()]


class PublicationsAtomFeed(PublicationsFeed):
    feed_type = Atom1Feed
    subtitle = PublicationsFeed.description


class MediaCoverageFeed(_LocaleFeed):
    title = _("NKHR in the media")
    description = _(
        "Articles about the Citizens' Alliance for North Korean Human Rights."
    )

    def items(self):
        return (
            MediaCoveragePage.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .select_related("outlet")
            .order_by("-publication_date", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item) -> str:
        return f"{item.outlet.name}: {item.title}"

    def item_description(self, item) -> str:
        return item.summary or item.title

    def item_link(self, item) -> str:
        return item.link or item.get_full_url(self.request)

    def item_pubdate(self, item) -> datetime.datetime:
        return _as_datetime(item.publication_date)

    def item_author_name(self, item) -> str:
        return item.outlet.name


class MediaCoverageAtomFeed(MediaCoverageFeed):
    feed_type = Atom1Feed
    subtitle = MediaCoverageFeed.description
