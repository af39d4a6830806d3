"""Admin wiring: locale checks on snippets and on wagtail-localize's views, the
status report, the dashboard panel, the "send for review" button."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.models import Locale, TranslatableMixin
from wagtail.snippets import models as snippet_models
from wagtail.snippets.models import register_snippet

from nkhr_pages.models import Outlet, PublicationTopic

from .panels import TranslationsWaitingPanel
from .permissions import user_may_work_in_locale
from .queue import queue_locale_ids
from .review import translation_for_page
from .views import guards, queue, report, review
from .viewsets import LocaleGroupViewSet

# --- Snippets: the locale check Wagtail does not make -------------------------


def _requested_locale_id(request) -> int | None:
    code = request.GET.get("locale") or request.POST.get("locale")
    if not code:
        return Locale.get_default().pk
    return (
        Locale.objects.filter(language_code=code).values_list("pk", flat=True).first()
    )


@hooks.register("before_create_snippet", order=-100)
def check_locale_on_create(request, model):
    if issubclass(model, TranslatableMixin) and not user_may_work_in_locale(
        request.user, _requested_locale_id(request)
    ):
        raise PermissionDenied


@hooks.register("before_edit_snippet", order=-100)
def check_locale_on_edit(request, instance):
    # Runs before wagtail-localize's hook, which swaps in its translation editor.
    if isinstance(instance, TranslatableMixin) and not user_may_work_in_locale(
        request.user, instance.locale_id
    ):
        raise PermissionDenied


@hooks.register("before_delete_snippet", order=-100)
def check_locale_on_delete(request, instances):
    for instance in instances:
        if isinstance(instance, TranslatableMixin) and not user_may_work_in_locale(
            request.user, instance.locale_id
        ):
            raise PermissionDenied


def _registered_models(registerable) -> list:
    """Models behind a register_snippet() argument: a model, a viewset (class or
    instance) or a viewset group with ``items``."""
    if isinstance(registerable, type) and not hasattr(registerable, "items"):
        return [getattr(registerable, "model", None) or registerable]
    if hasattr(registerable, "items") and not isinstance(registerable, dict):
        items = registerable.items
        return [model for item in items for model in _registered_models(item)]
    return [getattr(registerable, "model", registerable)]


def _is_registered(model) -> bool:
    if model in snippet_models.SNIPPET_MODELS:
        return True
    return any(
        model in _registered_models(registerable)
        for registerable, _viewset in snippet_models.DEFERRED_REGISTRATIONS
    )


# Topics and outlets must be snippets for translators to reach them. The page
# app may register them itself (with its own viewsets); its hooks load first,
# so this only fills the gap when it has not.
for _model in (PublicationTopic, Outlet):
    if not _is_registered(_model):
        register_snippet(_model)


# --- wagtail-localize's views behind locale checks ----------------------------


@hooks.register("register_admin_urls", order=-100)
def register_guarded_localize_urls():
    """Same paths as wagtail-localize's; registered first, so resolved first."""
    return [
        path(
            "localize/",
            include(
                (
                    [
                        path("submit/page/<int:page_id>/", guards.submit_page),
                        path(
                            "submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
                            guards.submit_snippet,
                        ),
                        path("update/<int:translation_source_id>/", guards.update),
                        path(
                            "translate/<int:translation_id>/strings/"
                            "<int:string_segment_id>/edit/",
                            guards.edit_string,
                        ),
                        path(
                            "translate/<int:translation_id>/overrides/"
                            "<int:overridable_segment_id>/edit/",
                            guards.edit_override,
                        ),
                        path(
                            "translate/<int:translation_id>/pofile/download/",
                            guards.download_pofile,
                        ),
                        path(
                            "translate/<int:translation_id>/pofile/upload/",
                            guards.upload_pofile,
                        ),
                        path(
                            "translate/<int:translation_id>/machine_translate/",
                            guards.machine_translate,
                        ),
                        path("translate/<int:translation_id>/preview/", guards.preview),
                        path(
                            "translate/<int:translation_id>/preview/<str:mode>/",
                            guards.preview,
                        ),
                        path("translate/<int:translation_id>/disable/", guards.stop),
                        path(
                            "page/<int:page_id>/convert_to_alias/",
                            guards.convert_to_alias,
                        ),
                    ],
                    "nkhr_translation_guards",
                ),
                namespace="nkhr_translation_guards",
            ),
        )
    ]


@hooks.register("register_admin_urls")
def register_translation_urls():
    urls = [
        path(
            "reports/",
            report.TranslationStatusReportView.as_view(),
            name="status_report",
        ),
        path(
            "reports/results/",
            report.TranslationStatusReportView.as_view(results_only=True),
            name="status_report_results",
        ),
        path("my-translations/", queue.my_translations, name="my_translations"),
        path(
            "pages/<int:page_id>/submit-for-review/",
            review.submit_for_review,
            name="submit_for_review",
        ),
        path(
            "pages/<int:page_id>/review/<slug:decision>/",
            review.review_decision,
            name="review_decision",
        ),
        path(
            "notices/<int:notice_id>/dismiss/",
            review.dismiss,
            name="dismiss_notice",
        ),
    ]
    return [
        path(
            "translation/",
            include((urls, "nkhr_translation"), namespace="nkhr_translation"),
        )
    ]


# --- Report, dashboard, buttons, settings -------------------------------------


@hooks.register("register_admin_viewset")
def register_locale_group_viewset():
    return LocaleGroupViewSet(
        "nkhr_translation_locale_groups", url_prefix="translation-locales"
    )


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        policy = report.TranslationStatusReportView.permission_policy
        return policy.user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


@hooks.register("register_reports_menu_item")
def register_status_report_menu_item():
    return TranslationStatusMenuItem(
        _("Translation status"),
        reverse("nkhr_translation:status_report"),
        icon_name="wagtail-localize-language",
        order=8900,
    )


class MyTranslationsMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(queue_locale_ids(request.user))


@hooks.register("register_admin_menu_item")
def register_my_translations_menu_item():
    return MyTranslationsMenuItem(
        _("My translations"),
        reverse("nkhr_translation:my_translations"),
        name="my-translations",
        icon_name="wagtail-localize-language",
        order=150,
    )


@hooks.register("construct_homepage_panels")
def add_translations_waiting_panel(request, panels):
    panels.append(TranslationsWaitingPanel(request))


def review_button(page, user, view_name=None, next_url=None):
    if page.locale_id == Locale.get_default().pk:
        return
    if not page.permissions_for_user(user).can_edit():
        return
    if translation_for_page(page) is None:
        return
    yield Button(
        _("Send translation for review"),
        reverse("nkhr_translation:submit_for_review", args=[page.pk]),
        icon_name="resubmit",
        priority=65,
        attrs={"data-nkhr-submit-for-review": "true"},
    )


hooks.register("register_page_header_buttons", review_button)
