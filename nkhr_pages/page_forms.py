"""The base admin form of the site's pages: choices in the page's own language.

A page links campaigns, publications, topics and outlets, each of which exists
once per language. Wagtail lists every one of them, English and Korean mixed, so
an English page could be tied to a Korean campaign (and its Korean translation,
whose links wagtail-localize synchronises, to a campaign it cannot show). The
form keeps the choices, and what it accepts, to the page's locale, and page
choosers open where the pages to choose live (a publication chooser in the
publication archive of the page's language).
"""

from __future__ import annotations

from django import forms
from django.urls import reverse
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Locale, Page, TranslatableMixin


class StartingPageChooser(AdminPageChooser):
    """Wagtail's page chooser, opening at ``start_page`` (for a publication,
    the publication archive) instead of the tree's root when nothing is chosen
    yet. Once a page is chosen, it opens at that page's parent, as Wagtail's."""

    def __init__(self, *args, start_page: Page, **kwargs):
        super().__init__(*args, **kwargs)
        self.start_page = start_page

    def get_chooser_modal_url(self) -> str:
        return reverse("nkhr_pages_choose_page_from", args=[self.start_page.pk])


def _home_of(model: type[Page], locale: Locale) -> Page | None:
    """The one place pages of ``model`` live in ``locale``, if there is one:
    the first page of their only allowed parent type."""
    parents = model.allowed_parent_page_models()
    if len(parents) != 1 or parents[0] is Page:
        return None
    return parents[0].objects.filter(locale=locale).order_by("path").first()


class LocaleScopedPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = self.page_locale()
        if locale is None:
            return
        for field in self.fields.values():
            if not isinstance(
                field, forms.ModelChoiceField | forms.ModelMultipleChoiceField
            ):
                continue
            if issubclass(field.queryset.model, TranslatableMixin):
                field.queryset = field.queryset.filter(locale=locale)
            self._start_chooser_where_pages_live(field, locale)

    @staticmethod
    def _start_chooser_where_pages_live(field: forms.Field, locale: Locale) -> None:
        widget = field.widget
        if type(widget) is not AdminPageChooser or len(widget.target_models) != 1:
            return
        start_page = _home_of(widget.target_models[0], locale)
        if start_page is not None:
            field.widget = StartingPageChooser(
                target_models=widget.target_models,
                can_choose_root=widget.can_choose_root,
                user_perms=widget.user_perms,
                start_page=start_page,
            )

    def page_locale(self) -> Locale | None:
        if getattr(self.instance, "locale_id", None):
            return self.instance.locale
        if self.parent_page is not None and self.parent_page.locale_id:
            return self.parent_page.locale
        return None
