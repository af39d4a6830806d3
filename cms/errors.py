"""The site's answer to an unexpected error: a database outage is a 503.

While PostgreSQL is down (a restart, a failover, the network), every request
that needs it fails with ``OperationalError`` or ``InterfaceError``. Those are
not bugs in the site: the visitor gets a short "temporarily unavailable" page
with status 503 and ``Retry-After`` (browsers, crawlers and Stripe's webhooks
then retry later) instead of the generic "Something went wrong" 500 page.
Every other error keeps the 500 page.

The 4xx answers Django and Wagtail give without a page of their own (400 for a
request it cannot read, 403, a failed CSRF check, 405 for a method the address
does not take: an empty body) get a short page in the visitor's language too,
built the same way: no base.html, no database, nothing of the request echoed.

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
    response = HttpResponse(unavailable_page(language), status=503)
    response["Retry-After"] = str(retry_after)
    response["Content-Language"] = language
    add_never_cache_headers(response)
    return response


def unavailable_page(language: str) -> str:
    """The "temporarily unavailable" page (templates/503.html) in *language*."""
    with translation.override(language):
        return loader.render_to_string(
            "503.html", {"LANGUAGE_CODE": translation.get_language()}
        )


# Never kept by a browser or a cache: the same words as Django's
# add_never_cache_headers, which the site's own 503 carries.
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


def proxy_error_pages() -> dict[str, bytes]:
    """HAProxy's own 503 pages, made from the site's (cms/deploy/haproxy/errors/,
    written by ``scripts/proxy_error_pages``; docs/deploy.md).

    ``503.<language>.html``: the page in each language, for the ``http-request
    return`` rules that answer when no app server is in rotation (HAProxy knows
    the URL there). ``503.http``: the whole response for ``errorfile 503``, every
    other 503 HAProxy makes (a server that died before its checks failed, a queue
    timeout), where no rule can see the URL: both languages on one page, the
    site's default first."""
    pages: dict[str, bytes] = {}
    sections = []
    languages = sorted(
        (code for code, _name in settings.LANGUAGES),
        key=lambda code: code != settings.LANGUAGE_CODE,
    )
    for language in languages:
        page = unavailable_page(language)
        pages[f"503.{language}.html"] = page.encode()
        inner = page.split("<main>", 1)[1].split("</main>", 1)[0]
        inner = inner.lstrip("\n").rstrip()
        title = page.split("<title>", 1)[1].split(" — ", 1)[0]
        sections.append((language, title, inner))
    body = "".join(
        [
            "<!DOCTYPE html>\n",
            f'<html lang="{sections[0][0]}">\n',
            '<head><meta charset="utf-8"><meta name="viewport" '
            'content="width=device-width, initial-scale=1">\n',
            f"<title>{' / '.join(title for _l, title, _i in sections)} — NKHR</title>"
            "</head>\n",
            "<body>\n  <main>\n",
            "".join(
                f'  <div lang="{language}">\n{inner}\n  </div>\n'
                for language, _title, inner in sections
            ),
            "  </main>\n</body>\n</html>\n",
        ]
    ).encode()
    head = (
        "HTTP/1.1 503 Service Unavailable\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"Retry-After: {DEFAULT_RETRY_AFTER_SECONDS}\r\n"
        f"Cache-Control: {NEVER_CACHE}\r\n"
        "\r\n"
    )
    pages["503.http"] = head.encode() + body
    return pages


def _error_page(
    request: HttpRequest, template_name: str, status: int, **context: object
) -> HttpResponse:
    """A short page in the visitor's language, without the database (a 400
    may come from a request whose body or headers cannot be read)."""
    language = visitor_language(request)
    with translation.override(language):
        body = loader.render_to_string(
            template_name, {"LANGUAGE_CODE": translation.get_language(), **context}
        )
    response = HttpResponse(body, status=status)
    response["Content-Language"] = language
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler400``: too many fields, a body over the limit, a bad Host..."""
    return _error_page(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler403``."""
    return _error_page(request, "403.html", 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: a form sent without its token, or with a stale
    one (an old tab, cookies blocked). The reason goes to Django's log only."""
    response = _error_page(request, "403_csrf.html", 403)
    add_never_cache_headers(response)
    return response


class ErrorPageMiddleware:
    """Give a 405 without a body (Django's ``require_POST``/``require_GET``,
    Wagtail's ``allowed_http_methods``) the page of ``405.html``; its ``Allow``
    header stays."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and not response.streaming
            and not response.content
        ):
            page = _error_page(request, "405.html", 405)
            response.content = page.content
            response["Content-Type"] = page["Content-Type"]
            response["Content-Language"] = page["Content-Language"]
        return response


def handle_server_error(request: HttpRequest) -> HttpResponse | HttpResponseServerError:
    """``handler500``: Django calls it while handling the exception, so
    ``sys.exc_info()`` is the error that reached the top, from a view or from
    any middleware (sessions, authentication, the page cache)."""
    if is_database_outage(sys.exc_info()[1]):
        return database_unavailable_response(request)
    return server_error(request)
