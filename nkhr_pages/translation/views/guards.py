"""wagtail-localize's views, behind this project's locale checks.

wagtail-localize checks snippets per model only, and does not check pages at
all when they are submitted or synced. Nor does it check the right to publish
where its views make a page live: converting a translation into an alias,
"Publish immediately" on sync, and the live aliases it creates for untranslated
parent pages on submit. These wrappers are mounted on the same
admin URLs, ahead of wagtail-localize's (see ``wagtail_hooks``), so every
route into its views passes through a locale-aware check first. Each check
raises ``PermissionDenied`` (a 403), never lets a missing object become a 500.
"""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.models import Locale, Page
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views import convert, edit_translation, update_translations

from ..permissions import (
    untranslated_ancestor,
    user_may_publish_translations,
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


def _requested_locales(request: HttpRequest) -> list[Locale]:
    ids = [value for value in request.POST.getlist("locales") if value.isdigit()]
    return list(Locale.objects.filter(pk__in=ids))


def alias_refusal(user, page: Page, locales: list[Locale]) -> str | None:
    """Why submitting ``page`` would publish where ``user`` may not, or None."""
    for locale in locales:
        gap = untranslated_ancestor(page, locale)
        if gap is None:
            continue
        ancestor, parent = gap
        if not parent.permissions_for_user(user).can_publish_subpage():
            return _(
                "Translate “%(title)s” into %(language)s first. Without it, "
                "this page would need a live copy of “%(title)s” in "
                "%(language)s, which only someone who may publish there can "
                "create."
            ) % {
                "title": ancestor.get_admin_display_title(),
                "language": locale.get_display_name(),
            }
    return None


def guard_submit_page(view):
    @wraps(view)
    def wrapper(request: HttpRequest, page_id: int, *args, **kwargs):
        page = get_object_or_404(Page, pk=page_id).specific
        if not user_may_submit_source(request.user, page):
            raise PermissionDenied
        if request.method == "POST":
            refusal = alias_refusal(request.user, page, _requested_locales(request))
            if refusal:
                messages.error(request, refusal)
                return redirect(request.get_full_path())
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


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    """ "Sync translated pages", whose "Publish immediately" is only for people
    who may publish every translation (it skips the review otherwise)."""

    def dispatch(self, request, *args, **kwargs):
        self.may_publish = None
        return super().dispatch(request, *args, **kwargs)

    def user_may_publish(self) -> bool:
        if self.may_publish is None:
            self.may_publish = user_may_publish_translations(
                self.request.user, self.object
            )
        return self.may_publish

    def get_form(self):
        form = super().get_form()
        if not self.user_may_publish():
            # Hidden and disabled: wagtail-localize's template draws the checkbox
            # by hand (ignoring ``disabled``) but leaves hidden fields alone.
            field = form.fields["publish_translations"]
            field.disabled = True
            field.widget = forms.HiddenInput()
        return form

    def post(self, request, **kwargs):
        if request.POST.get("publish_translations") and not self.user_may_publish():
            raise PermissionDenied
        return super().post(request, **kwargs)


def guard_convert(view):
    """Converting a translation into an alias shows the source page in its
    place, live if the source is: that is publishing, so it needs the right."""

    @wraps(view)
    def wrapper(request: HttpRequest, page_id: int, *args, **kwargs):
        page = get_object_or_404(Page, pk=page_id)
        permissions = page.permissions_for_user(request.user)
        if not (permissions.can_edit() and permissions.can_publish()):
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
update = guard_sync(UpdateTranslationsView.as_view())
edit_string = guard_translation(edit_translation.edit_string_translation)
edit_override = guard_translation(edit_translation.edit_override)
download_pofile = guard_translation(edit_translation.download_pofile)
machine_translate = guard_translation(edit_translation.machine_translate)
preview = guard_translation(edit_translation.preview_translation)
stop = guard_translation(edit_translation.stop_translation)
convert_to_alias = guard_convert(convert.convert_to_alias)
