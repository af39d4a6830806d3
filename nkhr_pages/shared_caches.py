"""What a shared cache (a CDN, Varnish, a proxy) may keep, told by Cache-Control.

A response may be kept and served to others only if it is the same for every
visitor. One that carries something of one visitor's (a cookie it sets, a CSRF
token in its form, or anything rendered for a visitor who sends a session: an
editor, someone who typed a page's password) is marked ``private``, whatever a
view or the page cache said before: ``public`` and ``s-maxage`` are removed.

The page cache calls ``guard_shared_caches`` on every response it passes on, so
the rule holds for fresh renders, cache hits and views of every app alike.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

# Directives that let a shared cache store a response; never beside "private".
_SHARED_DIRECTIVES = frozenset({"public", "s-maxage"})


def carries_visitor_data(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether the response may hold something that belongs to one visitor."""
    return bool(
        response.cookies
        # get_token() (and the page cache's replay) flag this when a CSRF token
        # is handed out, i.e. put into the page.
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    )


def mark_private(response: HttpResponseBase) -> None:
    """``Cache-Control: private`` without ``public`` or ``s-maxage``."""
    directives = [
        directive.strip()
        for directive in response.get("Cache-Control", "").split(",")
        if directive.strip()
        and directive.split("=", 1)[0].strip().lower() not in _SHARED_DIRECTIVES
    ]
    if directives:
        response["Cache-Control"] = ", ".join(directives)
    elif "Cache-Control" in response:
        del response["Cache-Control"]
    patch_cache_control(response, private=True)


def guard_shared_caches(
    request: HttpRequest, response: HttpResponseBase
) -> HttpResponseBase:
    """Mark the response private if it carries one visitor's data."""
    if carries_visitor_data(request, response):
        mark_private(response)
    return response
