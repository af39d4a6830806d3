"""A full-page cache for anonymous visitors, emptied whenever the content changes.

Why our own middleware rather than Django's per-site cache: the per-site cache
cannot be invalidated (it only expires), and a page also shows things it does
not own (menus, listings, footer settings, images whose consent may be
withdrawn). Instead, every cached entry records a *generation*; publishing,
unpublishing, moving or deleting a page, or saving an image, a site setting or
a site, bumps the generation and so retires every entry at once. Entry and
generation are read in one cache round trip.

What is never cached, so nobody sees another person's page:
- requests other than GET/HEAD, requests with a query string, and requests
  carrying a session or messages cookie (logged-in editors, previews, visitors
  who just submitted a form);
- responses other than 200, streaming responses, responses marked private or
  no-cache, and responses that set a cookie. The last rule covers every page
  with a form: ``{% csrf_token %}`` makes Django set the CSRF cookie, so such
  pages (the donation form) are always rendered fresh and always carry a valid
  token.

It sits in nkhr_pages because the events that invalidate it are Wagtail page
events and this app's own models; it reads nothing from the other apps.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

GENERATION_KEY = "nkhr:page-cache:generation"
CACHE_HEADER = "X-Page-Cache"
# Headers that are worth replaying from the cache; Set-Cookie never is.
REPLAYED_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Vary",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Content-Type-Options",
)


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def _cache():
    return caches[_setting("NKHR_PAGE_CACHE_ALIAS", "default")]


def current_generation() -> int:
    return int(_cache().get(GENERATION_KEY) or 0)


def bump_generation(**_signal_kwargs: Any) -> None:
    """Retire every cached page (and everything keyed on the generation)."""
    cache = _cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted): any fresh value will do
        cache.set(GENERATION_KEY, 1, timeout=None)


def _entry_key(request: HttpRequest) -> str:
    raw = f"{request.get_host()}|{request.path}".encode()
    return "nkhr:page-cache:" + hashlib.sha256(raw).hexdigest()


def request_is_cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    excluded = _setting("NKHR_PAGE_CACHE_EXCLUDED_PATHS", ("/admin/", "/django-admin/"))
    return not request.path.startswith(tuple(excluded))


def response_is_cacheable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    refused = ("private", "no-cache", "no-store")
    return not any(word in cache_control for word in refused)


class PageCacheMiddleware:
    """Serve and store whole responses for anonymous visitors (see module doc).

    Place it right after WhiteNoise, before the session middleware, so that a
    cache hit costs one cache lookup and nothing else.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _setting("NKHR_PAGE_CACHE_ENABLED", True) or not request_is_cacheable(
            request
        ):
            return self.get_response(request)
        cache = _cache()
        key = _entry_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = int(found.get(GENERATION_KEY) or 0)
        entry = found.get(key)
        if entry is not None and entry["generation"] == generation:
            return self._replay(entry, request)

        response = self.get_response(request)
        if request.method == "GET" and response_is_cacheable(response):
            cache.set(
                key,
                {
                    "generation": generation,
                    "content": response.content,
                    "headers": {
                        name: response[name]
                        for name in REPLAYED_HEADERS
                        if name in response
                    },
                },
                timeout=_setting("NKHR_PAGE_CACHE_SECONDS", 24 * 60 * 60),
            )
            response[CACHE_HEADER] = "miss"
        return response

    @staticmethod
    def _replay(entry: dict[str, Any], request: HttpRequest) -> HttpResponse:
        response = HttpResponse(entry["content"])
        for name, value in entry["headers"].items():
            response[name] = value
        response["Content-Length"] = str(len(entry["content"]))
        response[CACHE_HEADER] = "hit"
        # Browsers revalidate; a CDN may keep it until the purge hook fires.
        patch_cache_control(response, max_age=0, public=True)
        if request.method == "HEAD":
            response.content = b""
        return response


def connect_signals() -> None:
    """Bump the generation on every change that a rendered page may show."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import Page, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .models import ProtectedImage

    uid = "nkhr-page-cache"
    page_published.connect(bump_generation, dispatch_uid=f"{uid}-published")
    page_unpublished.connect(bump_generation, dispatch_uid=f"{uid}-unpublished")
    post_page_move.connect(bump_generation, dispatch_uid=f"{uid}-moved")

    def on_model_change(sender, **kwargs: Any) -> None:
        if issubclass(
            sender, Page | Site | ProtectedImage | BaseSiteSetting | BaseGenericSetting
        ):
            saved = kwargs.get("signal") is post_save
            if saved and issubclass(sender, Page):
                return  # drafts are saved all the time; publishing bumps instead
            if (
                saved
                and kwargs.get("created")
                and issubclass(sender, BaseSiteSetting | BaseGenericSetting)
            ):
                return  # created with defaults while rendering: nothing changed
            bump_generation()

    post_save.connect(on_model_change, dispatch_uid=f"{uid}-saved", weak=False)
    post_delete.connect(on_model_change, dispatch_uid=f"{uid}-deleted", weak=False)
