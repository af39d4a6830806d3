"""The one way to fetch a protected file: ``/protected-media/<name>``.

The storage (``nkhr_pages.storage``) gives files of protected images and
documents URLs here; the rules live in ``nkhr_pages.media_access``. Refusals
are 404s, so a guessed name tells nothing about whether the file exists.
"""

from __future__ import annotations

import mimetypes
import os

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_safe
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
