"""The one way to fetch a protected file: ``/protected-media/<name>``, and
documents at Wagtail's ``/documents/<id>/<name>`` (``serve_document``).

The storage (``nkhr_pages.storage``) gives files of protected images and
documents URLs here; the rules live in ``nkhr_pages.media_access``. Refusals
are 404s, so a guessed name tells nothing about whether the file exists.

Documents: Wagtail's view serves them (our ``before_serve_document`` hook
refuses those no public page uses), wrapped to take only GET and HEAD and to
say what caches may keep. A public document is ``no-cache``: a CDN or browser
may store it but must ask the site again before every use (the ETag makes
that a 304), so once its page is unpublished or made private nobody is served
a kept copy; with no purge needed. A document served only because the visitor
is staff is ``private, no-store``.
"""

from __future__ import annotations

import mimetypes
import os

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_safe
from wagtail.documents.views import serve as wagtail_document_views
from wagtail.images import get_image_model

from .media_access import document_may_be_served, find_file_owner, image_file_access
from .storage import consent_aware_storage


@require_safe
def serve_protected_media(request: HttpRequest, name: str) -> HttpResponse:
    storage = consent_aware_storage()
    # A NUL cannot be in a file name (and PostgreSQL refuses it in a query).
    owner = find_file_owner(name) if storage and "\x00" not in name else None
    if owner is None:
        raise Http404
    if not isinstance(owner, get_image_model()):
        # Documents: Wagtail's view (headers, collection privacy, our hook).
        if not document_may_be_served(owner, request.user):
            raise Http404
        return redirect(owner.url)
    access = image_file_access(owner, request.user)
    path = storage.protected_path(name)
    if not access.allowed or not os.path.isfile(path):
        raise Http404
    content_type, _encoding = mimetypes.guess_type(path)
    response = FileResponse(
        open(path, "rb"),  # noqa: SIM115 - FileResponse closes it
        content_type=content_type or "application/octet-stream",
    )
    response["Cache-Control"] = access.cache_control
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Set on the request by the ``before_serve_document`` hook (wagtail_hooks).
_DOCUMENT_PUBLIC = "_nkhr_document_public"
PUBLIC_DOCUMENT_CACHE_CONTROL = "no-cache"
STAFF_DOCUMENT_CACHE_CONTROL = "private, no-store"


def mark_document_access(request: HttpRequest, public: bool) -> None:
    setattr(request, _DOCUMENT_PUBLIC, public)


@require_safe
def serve_document(
    request: HttpRequest, document_id: str, document_filename: str
) -> HttpResponse:
    """Wagtail's document view, GET and HEAD only, with Cache-Control."""
    response = wagtail_document_views.serve(request, document_id, document_filename)
    if getattr(request, _DOCUMENT_PUBLIC, False):
        response["Cache-Control"] = PUBLIC_DOCUMENT_CACHE_CONTROL
    else:  # staff only, or Wagtail's own answer (a collection's password form)
        response["Cache-Control"] = STAFF_DOCUMENT_CACHE_CONTROL
    return response


# A collection's password form (Wagtail's collection privacy) is sent by POST.
authenticate_document_password = require_http_methods(["GET", "HEAD", "POST"])(
    wagtail_document_views.authenticate_with_password
)
