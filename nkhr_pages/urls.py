"""Public, locale-prefixed URLs of nkhr_pages that are not pages (feeds)."""

from django.urls import path
from django.views.decorators.http import require_safe

from . import feeds

app_name = "nkhr_pages"


def _per_request(feed_class):
    # A fresh feed object per request: the feeds keep the request on ``self``.
    # Read only: a POST, PUT or DELETE answers 405 (Django's Feed takes any).
    @require_safe
    def view(request, *args, **kwargs):
        return feed_class()(request, *args, **kwargs)

    return view


urlpatterns = [
    path(
        "feeds/publications/rss/",
        _per_request(feeds.PublicationsFeed),
        name="publications_rss",
    ),
    path(
        "feeds/publications/atom/",
        _per_request(feeds.PublicationsAtomFeed),
        name="publications_atom",
    ),
    path(
        "feeds/media-coverage/rss/",
        _per_request(feeds.MediaCoverageFeed),
        name="media_coverage_rss",
    ),
    path(
        "feeds/media-coverage/atom/",
        _per_request(feeds.MediaCoverageAtomFeed),
        name="media_coverage_atom",
    ),
]
