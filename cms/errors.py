"""The site's answer to an unexpected error: a database outage is a 503.

While PostgreSQL is down (a restart, a failover, the network), every request
that needs it fails with ``OperationalError`` or ``InterfaceError``. Those are
not bugs in the site: the visitor gets a short "temporarily unavailable" page
with status 503 and ``Retry-After`` (browsers, crawlers and Stripe's webhooks
then retry later) instead of the generic "Something went wrong" 500 page.
Every other error keeps the 500 page.

The page is rendered without the database (no request context: no settings,
menus, session or user), in the language of the URL's prefix (``/ko/...``) or
else of the request's headers, and marked ``no-store`` so that neither the page
cache nor Varnish keeps it. The traceback goes to the log only (Django logs
every unhandled exception before it calls this handler).
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views.defaults import server_error

DATABASE_ERRORS = (OperationalError, InterfaceError)
# Seconds a client is asked to wait before trying again: a PostgreSQL restart
# takes a few seconds, and the load balancer needs a few more (docs/deploy.md).
DEFAULT_RETRY_AFTER_SECONDS = 30


def is_database_outage(exc: BaseException | None) -> bool:
    """Whether *exc* (or an exception it was raised from) is the database
    being unreachable rather than a bug."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, DATABASE_ERRORS):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def visitor_language(request: HttpRequest) -> str:
    """The language of the URL's prefix, else of the browser; never the
    database (the site's default locale lives there)."""
    return translation.get_language_from_path(
        request.path_info
    ) or translation.get_language_from_request(request)


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 "temporarily unavailable" page, never cached."""
    retry_after = int(
        getattr(
            settings, "NKHR_DATABASE_RETRY_AFTER_SECONDS", DEFAULT_RETRY_AFTER_SECONDS
        )
    )
    language = visitor_language(request)
    with translation.override(language):
        body = loader.render_to_string(
            "503.html", {"LANGUAGE_CODE": translation.get_language()}
        )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(retry_after)
    response["Content-Language"] = language
    add_never_cache_headers(response)
    return response


def handle_server_error(request: HttpRequest) -> HttpResponse | HttpResponseServerError:
    """``handler500``: Django calls it while handling the exception, so
    ``sys.exc_info()`` is the error that reached the top, from a view or from
    any middleware (sessions, authentication, the page cache)."""
    if is_database_outage(sys.exc_info()[1]):
        return database_unavailable_response(request)
    return server_error(request)
