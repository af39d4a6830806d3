"""wagtail-localize's views, behind this project's locale checks.

wagtail-localize checks snippets per model only, and does not check pages at
all when they are submitted or synced. These wrappers are mounted on the same
admin URLs, ahead of wagtail-localize's (see ``wagtail_hooks``), so every
route into its views passes through a locale-aware check first. Each check
raises ``PermissionDenied`` (a 403), never lets a missing object become a 500.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views import convert, edit_translation, update_translations

from ..permissions import (
    user_may_submit_source,
    user_may_sync_source,
    user_may_work_on_translation,
)
from ..pofile import POFileRejected, import_po_file
from . import submit


def _translation_or_404(translation_id: int) -> Translation:
    translation = get_object_or_404(
        Translation.objects.select_related("source", "target_locale"), pk=translation_id
    )
    try:
        translation.get_target_instance()
    except ObjectDoesNotExist as error:
        raise Http404 from error
    return translation


def guard_translation(view):
    """Only users who may change the translation's target reach ``view``."""

    @wraps(view)
    def wrapper(request: HttpRequest, translation_id: int, *args, **kwargs):
        translation = _translation_or_404(translation_id)
        if not user_may_work_on_translation(request.user, translation):
            raise PermissionDenied
        return view(request, *args, translation_id=translation_id, **kwargs)

    return wrapper


def _snippet_instance(app_label: str, model_name: str, pk: str):
    for model in get_snippet_models():
        if (model._meta.app_label, model._meta.model_name) == (app_label, model_name):
            return get_object_or_404(model, pk=pk)
    raise Http404


def guard_submit_page(view):
    @wraps(view)
    def wrapper(request: HttpRequest, page_id: int, *args, **kwargs):
        page = get_object_or_404(Page, pk=page_id).specific
        if not user_may_submit_source(request.user, page):
            raise PermissionDenied
        return view(request, *args, page_id=page_id, **kwargs)

    return wrapper


def guard_submit_snippet(view):
    @wraps(view)
    def wrapper(request: HttpRequest, app_label: str, model_name: str, pk: str, **kw):
        instance = _snippet_instance(app_label, model_name, pk)
        if not user_may_submit_source(request.user, instance):
            raise PermissionDenied
        return view(request, app_label=app_label, model_name=model_name, pk=pk, **kw)

    return wrapper


def guard_sync(view):
    @wraps(view)
    def wrapper(request: HttpRequest, translation_source_id: int, *args, **kwargs):
        source = get_object_or_404(TranslationSource, pk=translation_source_id)
        if not user_may_sync_source(request.user, source):
            raise PermissionDenied
        return view(request, translation_source_id=translation_source_id, **kwargs)

    return wrapper


def guard_convert(view):
    @wraps(view)
    def wrapper(request: HttpRequest, page_id: int, *args, **kwargs):
        page = get_object_or_404(Page, pk=page_id)
        if not page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return view(request, *args, page_id=page_id, **kwargs)

    return wrapper


@require_POST
def upload_pofile(request: HttpRequest, translation_id: int) -> HttpResponse:
    """Replaces wagtail-localize's upload view (see :mod:`..pofile`)."""
    translation = _translation_or_404(translation_id)
    if not user_may_work_on_translation(request.user, translation):
        raise PermissionDenied
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise POFileRejected(_("Choose a PO file to upload."))
        result = import_po_file(translation, upload.read(), request.user)
    except POFileRejected as rejection:
        messages.error(request, str(rejection))
    else:
        messages.success(
            request,
            ngettext(
                "Imported %(count)d translation from the PO file.",
                "Imported %(count)d translations from the PO file.",
                result.imported,
            )
            % {"count": result.imported},
        )
    next_url = get_valid_next_url_from_request(request)
    if not next_url:
        try:
            next_url = translation.get_target_instance_edit_url()
        except ObjectDoesNotExist:
            next_url = reverse("wagtailadmin_home")
    return redirect(next_url)


# The views, in the order and with the paths of wagtail_localize.wagtail_hooks.
submit_page = guard_submit_page(submit.SubmitPageTranslationView.as_view())
submit_snippet = guard_submit_snippet(submit.SubmitSnippetTranslationView.as_view())
update = guard_sync(update_translations.UpdateTranslationsView.as_view())
edit_string = guard_translation(edit_translation.edit_string_translation)
edit_override = guard_translation(edit_translation.edit_override)
download_pofile = guard_translation(edit_translation.download_pofile)
machine_translate = guard_translation(edit_translation.machine_translate)
preview = guard_translation(edit_translation.preview_translation)
stop = guard_translation(edit_translation.stop_translation)
convert_to_alias = guard_convert(convert.convert_to_alias)
