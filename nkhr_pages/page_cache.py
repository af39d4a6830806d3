"""A full-page cache for anonymous visitors, emptied whenever the content changes.

Why our own middleware rather than Django's per-site cache: the per-site cache
cannot be invalidated (it only expires), and a page also shows things it does
not own (menus, listings, footer settings, images whose consent may be
withdrawn). Instead, every cached entry records a *generation*; publishing,
unpublishing, moving or deleting a page, or saving an image, a site setting or
a site, bumps the generation and so retires every entry at once. Entry and
generation are read in one cache round trip.

Each worker process also keeps the entries it served most recently, and trusts
its copy of the generation for ``NKHR_PAGE_CACHE_GENERATION_SECONDS`` (one
second by default): a hit then costs no network round trip at all. A change
made in this process is seen at once; one made in another worker (an editor
publishing) reaches this worker within that second.

Parts of pages that list other content (the home page's sections) are kept the
same way (``cached_fragment``, the ``{% cached_fragment %}`` tag), so that a
request the page cache cannot answer (a query string, a signed-in editor)
still reuses them.

Only responses of Wagtail's page serving are stored (``NKHR_PAGE_CACHE_URL_NAMES``).
What is never cached, so nobody sees another person's page:
- requests other than GET/HEAD, requests with a query string, and requests
  carrying a session or messages cookie (logged-in editors, previews, visitors
  who just submitted a form);
- responses other than 200, streaming responses, responses marked private or
  no-cache, and responses that set any cookie other than Django's CSRF cookie.

Pages under a view restriction (password, login, groups) are never stored:
Wagtail marks their responses never-cache. Creating, changing or deleting a
restriction retires every cached page, as menus, listings and language
alternates leave private pages out; it also purges the pages it covers from
the front-end cache (CDN) when one is configured.

Forms: the footer's newsletter sign-up needs no CSRF token (see its view), so
most pages are the same bytes for every visitor. Pages with a protected form
(``{% csrf_token %}``, e.g. donations) are cacheable too: the stored copy has
each token replaced by a placeholder, and every replay puts in the visitor's
own masked token (Django's CSRF middleware reads and sets the cookie). CSRF
protection stays exactly as strong as on a fresh render.

What a shared cache in front of the site may keep is told by Cache-Control
(``shared_caches.py``): hits that are the same for everyone are ``public``;
every response carrying one visitor's token or cookie is ``private``.

When the shared cache cannot be reached (Redis stopped, a network fault), the
site serves every page from the database: nothing is stored or replayed, not
even this process's own copies, since a publish on another server could not
retire them. The first request that reaches the cache again retires every entry
(a publish made during the outage never bumped the shared generation).

It sits in nkhr_pages because the events that invalidate it are Wagtail page
events and this app's own models; it reads nothing from the other apps.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CsrfViewMiddleware,
)
from django.utils import timezone

from .conf import DEFAULTS, setting
from .shared_caches import guard_shared_caches

logger = logging.getLogger(__name__)
T = TypeVar("T")
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
    # This app's settings take their defaults from nkhr_pages.conf (the same
    # values as written here); ``default`` serves the settings of other apps.
    return setting(name) if name in DEFAULTS else getattr(settings, name, default)


def _cache():
    return caches[_setting("NKHR_PAGE_CACHE_ALIAS", "default")]


def _shared(operation: Callable[[], T], fallback: T) -> T:
    """Run one call to the shared cache; ``fallback`` if the cache fails.

    Any backend, any error: the page cache only saves work, so a cache server
    that is down or slow must cost a page its speed, never the page itself.
    """
    try:
        return operation()
    except Exception:  # whatever the backend raises
        logger.warning("Page cache: the shared cache failed", exc_info=True)
        local_state.lose_shared_cache()
        return fallback


def _fresh_generation() -> int:
    # Milliseconds since the epoch: never repeats an earlier value, even when
    # the shared cache was flushed and the counter has to start again.
    return int(time.time() * 1000)


class _LocalState:
    """This process's copy of the generation and its most recent entries."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        self.generation: int | None = None
        self.checked_at = 0.0
        self.entries: OrderedDict[str, Any] = OrderedDict()
        # The shared cache failed since this process last reached it.
        self.outage = False

    def lose_shared_cache(self) -> None:
        """The shared cache is unreachable: forget everything kept from it."""
        with self.lock:
            self.generation, self.checked_at = None, 0.0
            self.entries.clear()
            self.outage = True

    def remember_generation(self, generation: int) -> None:
        with self.lock:
            self.generation, self.checked_at = generation, time.monotonic()

    def trusted_generation(self) -> int | None:
        max_age = _setting("NKHR_PAGE_CACHE_GENERATION_SECONDS", 1.0)
        if self.generation is None or time.monotonic() - self.checked_at > max_age:
            return None
        return self.generation

    def get(self, key: str) -> Any:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Any) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > _setting("NKHR_PAGE_CACHE_LOCAL_ENTRIES", 200):
                self.entries.popitem(last=False)


local_state = _LocalState()


def _shared_generation(value: Any) -> int | None:
    """The generation as read from the shared cache, created when missing.

    None when the shared cache cannot be used (it failed, or does not give back
    what was just written): nothing may then be cached. The first generation
    read after such an outage is a new one, retiring every entry stored before.
    """
    if value is None:
        cache = _cache()
        _shared(lambda: cache.add(GENERATION_KEY, _fresh_generation(), None), False)
        value = _shared(lambda: cache.get(GENERATION_KEY), None)
    if value is None:
        local_state.lose_shared_cache()
        return None
    if local_state.outage:
        local_state.outage = False
        bump_generation()
        return local_state.generation
    return int(value)


def current_generation(request: HttpRequest | None = None) -> int | None:
    """The generation to key caches on; remembered on ``request`` if given.
    None while the shared cache is unreachable (then nothing is cached)."""
    if request is not None and hasattr(request, "_nkhr_generation"):
        return request._nkhr_generation
    generation = local_state.trusted_generation()
    if generation is None:
        generation = _shared_generation(
            _shared(lambda: _cache().get(GENERATION_KEY), None)
        )
        if generation is not None:
            local_state.remember_generation(generation)
    if request is not None:
        request._nkhr_generation = generation
    return generation


_MISSING = object()


def _kept(key: str, build: Callable[[], T], shareable: Callable[[T], bool]) -> T:
    """The value under ``key``: first from this process, then from the shared
    cache, else built (and stored when ``shareable``)."""
    value = local_state.get(key)
    if value is None:
        cache = _cache()
        value = _shared(lambda: cache.get(key, _MISSING), _MISSING)
        if value is _MISSING:
            value = build()
            if not shareable(value):
                return value
            seconds = _setting("NKHR_PAGE_CACHE_SECONDS", 24 * 60 * 60)
            _shared(lambda: cache.set(key, value, seconds), None)
        local_state.put(key, value)
    return value


def generation_cached(request: HttpRequest, name: str, build: Callable[[], T]) -> T:
    """A value derived from content (a menu, a setting), kept until the content
    changes: first in this process, then in the shared cache, else built.
    Without the shared cache it is built for each request."""
    generation = current_generation(request)
    if generation is None:
        return build()
    return _kept(f"nkhr:{name}:{generation}", build, lambda _value: True)


def cached_fragment(
    request: HttpRequest | None, name: str, render: Callable[[], str]
) -> str:
    """The HTML of a part of a page that lists other content (the home page's
    sections), kept under the rules of whole pages: until anything is
    published, on the (local) day it was rendered, per host name. A request
    the page cache cannot answer (a query string, a signed-in editor) still
    reuses it. Previews, requests without the shared cache and HTML carrying
    a visitor's CSRF token are rendered every time."""
    if (
        request is None
        or getattr(request, "is_preview", False)
        or not _setting("NKHR_PAGE_CACHE_ENABLED", True)
    ):
        return render()
    generation = current_generation(request)
    if generation is None:
        return render()
    key = f"nkhr:fragment:{name}:{request.get_host()}:{_today()}:{generation}"
    # One visitor's CSRF token is never shared.
    return _kept(key, render, lambda html: "csrfmiddlewaretoken" not in html)


def bump_generation(**_signal_kwargs: Any) -> None:
    """Retire every cached page (and everything keyed on the generation).

    If the shared cache cannot be reached, this process stops caching until it
    can, and then retires every entry (the other servers do the same)."""
    cache = _cache()
    try:
        generation = cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet, or evicted
        generation = _fresh_generation()
        _shared(lambda: cache.set(GENERATION_KEY, generation, timeout=None), None)
    except Exception:  # whatever the backend raises
        logger.warning("Page cache: the shared cache failed", exc_info=True)
        local_state.lose_shared_cache()
        return
    if not local_state.outage:
        local_state.remember_generation(int(generation))


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


def _served_by_cacheable_view(request: HttpRequest) -> bool:
    """Only Wagtail pages, by default: other views (a donation's thank-you page,
    a confirmation link) may show what belongs to one person or change state."""
    match = getattr(request, "resolver_match", None)
    names = _setting("NKHR_PAGE_CACHE_URL_NAMES", ("wagtail_serve",))
    return match is not None and match.url_name in names


CSRF_PLACEHOLDER = b"--nkhr-csrf-token--"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')


# Django's masking adds secret and mask characters modulo the alphabet; one
# lookup per pair of characters does it without Python arithmetic per character.
_CSRF_CIPHER = {
    secret_char + mask_char: CSRF_ALLOWED_CHARS[
        (secret_index + mask_index) % len(CSRF_ALLOWED_CHARS)
    ]
    for secret_index, secret_char in enumerate(CSRF_ALLOWED_CHARS)
    for mask_index, mask_char in enumerate(CSRF_ALLOWED_CHARS)
}
# Random bytes to CSRF characters in C: bytes below the bound map evenly onto the
# 62-character alphabet, the rest are dropped (rejection sampling, no bias).
_CSRF_BYTE_BOUND = 256 - 256 % len(CSRF_ALLOWED_CHARS)
_CSRF_BYTE_TABLE = bytes(
    ord(CSRF_ALLOWED_CHARS[byte % len(CSRF_ALLOWED_CHARS)]) for byte in range(256)
)
_CSRF_REJECTED_BYTES = bytes(range(_CSRF_BYTE_BOUND, 256))


def _random_csrf_string() -> str:
    """A uniformly random string of Django's CSRF alphabet and length, from the
    OS's CSPRNG. Django's own draws one ``secrets.choice`` per character, which
    made it most of the cost of a cache hit."""
    picked = b""
    while len(picked) < CSRF_SECRET_LENGTH:
        picked += os.urandom(CSRF_SECRET_LENGTH + 8).translate(
            _CSRF_BYTE_TABLE, _CSRF_REJECTED_BYTES
        )
    return picked[:CSRF_SECRET_LENGTH].decode("ascii")


def visitor_csrf_token(request: HttpRequest) -> str:
    """What ``django.middleware.csrf.get_token`` returns, made faster.

    Same contract: the request's secret (a new one if it has none), flagged so
    that CsrfViewMiddleware.process_response sets or renews the cookie, and
    returned masked with a fresh random mask, in Django's token format (which
    Django's CSRF check unmasks). Only for cookie-stored secrets.
    """
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = _random_csrf_string()
        request.META["CSRF_COOKIE"] = secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_csrf_string()
    pairs = map(str.__add__, secret, mask)
    return mask + "".join(map(_CSRF_CIPHER.__getitem__, pairs))


def response_is_cacheable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    refused = ("private", "no-cache", "no-store")
    return not any(word in cache_control for word in refused)


# The local date, and the wall-clock time until which it holds: at most a
# minute, and never past local midnight. Asked for on every request.
_day: tuple[str, float] = ("", 0.0)


def _today() -> str:
    global _day
    now = time.time()
    if now >= _day[1]:
        local = timezone.localtime()
        midnight = (local + datetime.timedelta(days=1)).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        _day = (local.date().isoformat(), min(midnight.timestamp(), now + 60))
    return _day[0]


def _is_fresh(entry: dict[str, Any] | None, generation: int | None, today: str) -> bool:
    """An entry is served only in the generation and on the (local) day it was
    rendered: image consent ends on a date, and no event fires at midnight."""
    return (
        entry is not None
        and entry["generation"] == generation
        and entry.get("day") == today
    )


class PageCacheMiddleware:
    """Serve and store whole responses for anonymous visitors (see module doc).

    Place it right after WhiteNoise, before the session middleware, so that a
    cache hit costs one cache lookup and nothing else.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        # Only its cookie handling is used: reading and setting the CSRF cookie.
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Whatever the way (stored, replayed or passed on), a response carrying
        # one visitor's data is never offered to shared caches.
        return guard_shared_caches(request, self._respond(request))

    def _respond(self, request: HttpRequest) -> HttpResponse:
        if not _setting("NKHR_PAGE_CACHE_ENABLED", True) or not request_is_cacheable(
            request
        ):
            return self.get_response(request)
        key = _entry_key(request)
        today = _today()
        generation = local_state.trusted_generation()
        entry = local_state.get(key) if generation is not None else None
        if not _is_fresh(entry, generation, today):
            # Ask the shared cache for both in one round trip.
            found = _shared(lambda: _cache().get_many([GENERATION_KEY, key]), {})
            generation = _shared_generation(found.get(GENERATION_KEY))
            if generation is None:  # no shared cache: straight from the database
                request._nkhr_generation = None
                return self.get_response(request)
            local_state.remember_generation(generation)
            entry = found.get(key)
            if not _is_fresh(entry, generation, today):
                entry = None
            else:
                local_state.put(key, entry)
        request._nkhr_generation = generation
        if entry is not None:
            return self._replay(entry, request)

        response = self.get_response(request)
        if (
            request.method == "GET"
            and _served_by_cacheable_view(request)
            and response_is_cacheable(response)
        ):
            content, tokens = _CSRF_INPUT.subn(
                rb"\g<1>" + CSRF_PLACEHOLDER + rb"\g<2>", response.content
            )
            if settings.CSRF_COOKIE_NAME in response.cookies and not tokens:
                return response  # a token used in some way we cannot replace
            if tokens and settings.CSRF_USE_SESSIONS:
                return response  # the token lives in a session: not anonymous
            entry = {
                "generation": generation,
                "day": today,
                "content": content,
                "csrf": bool(tokens),
                "headers": {
                    name: response[name]
                    for name in REPLAYED_HEADERS
                    if name in response
                },
            }
            seconds = _setting("NKHR_PAGE_CACHE_SECONDS", 24 * 60 * 60)
            _shared(lambda: _cache().set(key, entry, timeout=seconds), None)
            local_state.put(key, entry)
            response[CACHE_HEADER] = "miss"
        return response

    def _replay(self, entry: dict[str, Any], request: HttpRequest) -> HttpResponse:
        content = entry["content"]
        if entry.get("csrf"):
            # The visitor's own token, exactly as a fresh render would get it.
            self.csrf.process_request(request)
            token = visitor_csrf_token(request).encode()
            content = content.replace(CSRF_PLACEHOLDER, token)
        response = HttpResponse(content)
        for name, value in entry["headers"].items():
            response[name] = value
        response["Content-Length"] = str(len(content))
        if entry.get("csrf"):
            self.csrf.process_response(request, response)  # sets or renews the cookie
        response[CACHE_HEADER] = "hit"
        # Browsers revalidate. The same bytes for everyone: a CDN may keep them
        # until the purge hook fires. A visitor's own token: nobody else may.
        response["Cache-Control"] = (
            "max-age=0, private" if entry.get("csrf") else "max-age=0, public"
        )
        if request.method == "HEAD":
            response.content = b""
        return response


def purge_front_end_cache(page_id: int) -> None:
    """Purge a page, its subtree and its parent (which lists it) from the
    front-end cache (wagtail.contrib.frontend_cache), if one is configured,
    with the files of the covers drawn for the publications among them."""
    if not _setting("WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_id).first()
    if page is None:  # deleted with its restriction: nothing left to serve
        return
    pages = list(page.get_descendants(inclusive=True).live())
    parent = page.get_parent()
    if parent is not None and not parent.is_root():
        pages.append(parent)
    purge_pages_from_cache(pages)
    # The covers drawn from their PDFs follow the publications' privacy.
    from .covers import purge_covers_under

    purge_covers_under(page)


def privacy_changed(page_id: int) -> None:
    """A view restriction on ``page_id`` was created, changed or deleted.

    Every cached page is retired (menus, listings and language alternates of
    other pages leave private pages out), now and once more when the change is
    committed: a page rendered meanwhile still saw the old privacy and may have
    been stored under the new generation. Then the front-end cache is purged.
    """
    bump_generation()

    def after_commit() -> None:
        bump_generation()
        purge_front_end_cache(page_id)

    transaction.on_commit(after_commit)


def connect_signals() -> None:
    """Bump the generation on every change that a rendered page may show."""
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move
    from wagtail.snippets.models import get_snippet_models

    from .models import ProtectedImage

    uid = "nkhr-page-cache"
    page_published.connect(bump_generation, dispatch_uid=f"{uid}-published")
    page_unpublished.connect(bump_generation, dispatch_uid=f"{uid}-unpublished")
    post_page_move.connect(bump_generation, dispatch_uid=f"{uid}-moved")

    def on_model_change(sender, **kwargs: Any) -> None:
        # Snippets of any app (bank accounts, outlets, ...) are shown on pages;
        # asking Wagtail for them keeps this app ignorant of the others' models.
        if sender in get_snippet_models() or issubclass(
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

    def on_restriction_change(sender, instance, **kwargs: Any) -> None:
        action = kwargs.get("action")
        if action is None:  # saved or deleted
            privacy_changed(instance.page_id)
        elif action in ("post_add", "post_remove", "post_clear"):
            if not kwargs.get("reverse"):  # restriction.groups changed
                privacy_changed(instance.page_id)
            else:  # group.pageviewrestriction_set changed
                restrictions = PageViewRestriction.objects.filter(
                    pk__in=kwargs.get("pk_set") or ()
                )
                for page_id in set(restrictions.values_list("page_id", flat=True)):
                    privacy_changed(page_id)

    post_save.connect(
        on_restriction_change,
        sender=PageViewRestriction,
        dispatch_uid=f"{uid}-restriction-saved",
        weak=False,
    )
    post_delete.connect(
        on_restriction_change,
        sender=PageViewRestriction,
        dispatch_uid=f"{uid}-restriction-deleted",
        weak=False,
    )
    # A "groups" restriction's groups are saved after the restriction itself.
    m2m_changed.connect(
        on_restriction_change,
        sender=PageViewRestriction.groups.through,
        dispatch_uid=f"{uid}-restriction-groups",
        weak=False,
    )
