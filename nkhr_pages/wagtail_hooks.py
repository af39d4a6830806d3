"""Admin wiring: snippets, the CSV import and the consent report; who may
fetch documents."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Locale
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    SnippetChooserViewSet,
    SnippetCreateView,
)
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .forms import OutletCreationForm, media_coverage_import_targets
from .image_consent import images_needing_care, images_placed_on
from .media_access import document_is_public, user_may_see_unpublished_documents
from .media_views import mark_document_access
from .models import Outlet, PublicationTopic


# The listings search the models' own index (their ``search_fields``): a viewset's
# ``search_fields`` would be passed to the search backend as ``fields``, which
# the SQLite backend takes for index columns ("no such column: name").
class PublicationTopicViewSet(SnippetViewSet):
    model = PublicationTopic
    icon = "tag"
    menu_label = _("Publication topics")
    list_display = ["name", "slug"]


class OutletCreateView(SnippetCreateView):
    """Creates the outlet in the language of the page it is chosen for."""

    def outlet_locale(self) -> Locale:
        code = self.request.GET.get("locale")
        if code:
            return get_object_or_404(Locale, language_code=code)
        return Locale.get_default()

    def get_creation_form_kwargs(self):
        kwargs = super().get_creation_form_kwargs()
        kwargs["instance"] = Outlet(locale=self.outlet_locale())
        return kwargs

    def post(self, request):
        self.form = self.get_creation_form()
        if self.form.is_valid() and not self.may_add(self.form.instance):
            # Per-locale rights (translation roles): said in the form, not a bare 403.
            self.form.add_error(
                None,
                _("You may not add outlets in %(language)s.")
                % {"language": self.form.instance.locale.get_display_name()},
            )
        if not self.form.is_valid():
            return self.get_reshow_creation_form_response()
        return self.get_chosen_response(self.save_form(self.form))

    def may_add(self, outlet: Outlet) -> bool:
        return self.get_permission_policy().user_has_permission_for_instance(
            self.request.user, "add", outlet
        )


class OutletChooserViewSet(SnippetChooserViewSet):
    """An editor adding an article from a new outlet creates it in the chooser,
    without leaving the page form, in the page's language (English when the
    chooser is opened without one); translators translate it like any snippet."""

    create_view_class = OutletCreateView
    # The page form opens the chooser with ``?locale=`` (the page's language,
    # Wagtail's ACTIVE_CONTENT_LOCALE); the creation form's URL keeps it.
    preserve_url_parameters = ["multiple", "locale"]
    creation_form_class = OutletCreationForm
    create_action_label = _("Add a new outlet")
    create_action_clicked_label = _("Adding…")
    creation_tab_label = _("New outlet")


class OutletViewSet(SnippetViewSet):
    model = Outlet
    icon = "globe"
    chooser_viewset_class = OutletChooserViewSet
    menu_label = _("News outlets")
    list_display = ["name", "website"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    items = (PublicationTopicViewSet, OutletViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Taxonomies")
    menu_name = "taxonomies"
    menu_order = 300


register_snippet(TaxonomyViewSetGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "media-coverage/import/",
            admin_views.import_media_coverage,
            name="nkhr_pages_import_media_coverage",
        ),
        path(
            "media-coverage/import/<int:pk>/",
            admin_views.media_coverage_import,
            name="nkhr_pages_media_coverage_import",
        ),
        path(
            "choose-page-from/<int:start_page_id>/",
            admin_views.choose_page_from,
            name="nkhr_pages_choose_page_from",
        ),
        path(
            "choose-page-from/<int:start_page_id>/<int:parent_page_id>/",
            admin_views.choose_page_from,
            name="nkhr_pages_choose_page_from_child",
        ),
        path(
            "reports/image-consent/",
            admin_views.ConsentExpiringReportView.as_view(),
            name="nkhr_pages_consent_report",
        ),
        path(
            "reports/image-consent/results/",
            admin_views.ConsentExpiringReportView.as_view(results_only=True),
            name="nkhr_pages_consent_report_results",
        ),
    ]


class _MediaCoverageImportMenuItem(MenuItem):
    """Shown to whoever the upload view lets in (the same rule)."""

    def is_shown(self, request):
        return media_coverage_import_targets(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return _MediaCoverageImportMenuItem(
        _("Import media coverage"),
        reverse("nkhr_pages_import_media_coverage"),
        name="import-media-coverage",
        icon_name="upload",
        order=310,
    )


@hooks.register("register_reports_menu_item")
def register_consent_report_menu_item():
    return MenuItem(
        _("Image consent expiring"),
        reverse("nkhr_pages_consent_report"),
        name="image-consent",
        icon_name="image",
        order=750,
    )


@hooks.register("before_serve_document")
def refuse_documents_not_on_public_pages(document, request):
    """Anonymous visitors get a document only if a public live page uses it;
    a 404 otherwise, so that nobody learns it exists (nkhr_pages.media_access).
    Tells ``media_views.serve_document`` which Cache-Control to send."""
    public = document_is_public(document)
    if not public and not user_may_see_unpublished_documents(request.user):
        raise Http404
    mark_document_access(request, public=public)


@hooks.register("construct_image_chooser_queryset")
def hide_images_without_alt_text(images, request):
    """An image from the bulk upload (saved before its alt text is asked) cannot
    be chosen until someone gives it alt text in its edit form. A cover drawn
    from a PDF cannot be chosen at all: it is public only while a publication
    carrying its PDF is (``covers.drawn_cover_is_public``), and would turn into
    a missing picture on any other page."""
    return images.exclude(description="").exclude(drawn_cover=True)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_images_needing_consent_care(request, page):
    """A page that places a "do not identify" image, or one whose consent has
    ended or ends soon, is saved, with a warning: visitors see a placeholder
    instead of the photo (now, or from the day consent ends)."""
    flagged = images_needing_care(images_placed_on(page))
    if not flagged:
        return
    listed = "; ".join(f"“{image.title}” ({badge.label})" for image, badge in flagged)
    messages.warning(
        request,
        _(
            "This page places images whose consent needs care: %(images)s. "
            "Visitors see a placeholder instead of an image that may not be "
            "shown. Choose another image, or renew the consent in the image."
        )
        % {"images": listed},
    )
