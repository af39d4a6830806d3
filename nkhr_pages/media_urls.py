"""URL of protected files (``nkhr_pages.media_views``); include it without a
language prefix, e.g. ``path("protected-media/", include("nkhr_pages.media_urls"))``."""

from django.urls import path

from .media_views import serve_protected_media
from .storage import PROTECTED_MEDIA_URL_NAME

urlpatterns = [
    path("<path:name>", serve_protected_media, name=PROTECTED_MEDIA_URL_NAME),
]
