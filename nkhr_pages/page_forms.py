"""The base admin form of the site's pages: choices in the page's own language.

A page links campaigns, publications, topics and outlets, each of which exists
once per language. Wagtail lists every one of them, English and Korean mixed, so
an English page could be tied to a Korean campaign (and its Korean translation,
whose links wagtail-localize synchronises, to a campaign it cannot show). The
form keeps the choices, and what it accepts, to the page's locale, and page
choosers open where the pages to choose live (a publication chooser in the
publication archive of the page's language).

Links made before the forms were scoped, or by an import, may already point to
an item of the other language. Those stay among the choices, selected and marked
with their language, so that saving keeps them and the editor sees them and can
remove them on purpose: nothing is dropped silently.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Locale, Page, TranslatableMixin

from .widgets import SearchableCheckboxSelectMultiple


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
        for name, field in self.fields.items():
            if not isinstance(
                field, forms.ModelChoiceField | forms.ModelMultipleChoiceField
            ):
                continue
            if issubclass(field.queryset.model, TranslatableMixin):
                self._scope_to_locale(name, field, locale)
            self._start_chooser_where_pages_live(field, locale)
            self._offer_to_add_in(field, locale)

    def _scope_to_locale(
        self,
        name: str,
        field: forms.ModelChoiceField | forms.ModelMultipleChoiceField,
        locale: Locale,
    ) -> None:
        """Offer the items of ``locale``, plus those of another language the
        page already links (kept, marked, and named in the field's help)."""
        linked = self._linked_pks(name)
        others = list(
            field.queryset.filter(pk__in=linked)
            .exclude(locale=locale)
            .select_related("locale")
        )
        field.queryset = field.queryset.filter(
            Q(locale=locale) | Q(pk__in=[item.pk for item in others])
        )
        if not others:
            return
        other_pks = {item.pk for item in others}
        label = field.label_from_instance

        def label_with_language(item: Model) -> str:
            text = label(item)
            if item.pk in other_pks:
                return f"{text} ({item.locale.get_display_name()})"
            return text

        field.label_from_instance = label_with_language
        notice = format_lazy(
            _(
                "Already linked although in another language: {items}. The link "
                "is kept when you save; remove it here if it is a mistake."
            ),
            items=", ".join(label_with_language(item) for item in others),
        )
        field.help_text = (
            format_lazy("{} {}", field.help_text, notice) if field.help_text else notice
        )

    def _linked_pks(self, name: str) -> list:
        """The primary keys ``name`` links on the page being edited (its draft)."""
        try:
            model_field = self.instance._meta.get_field(name)
        except FieldDoesNotExist:
            return []
        if model_field.many_to_many:
            return [item.pk for item in model_field.value_from_object(self.instance)]
        if model_field.many_to_one:
            pk = getattr(self.instance, model_field.attname, None)
            return [] if pk is None else [pk]
        return []

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

    def _offer_to_add_in(self, field: forms.Field, locale: Locale) -> None:
        """Link a searchable list that offers "add" to the snippet's add view
        in the page's language, if the editor may add one there (translation
        roles give per-language rights)."""
        widget = field.widget
        if not isinstance(widget, SearchableCheckboxSelectMultiple):
            return
        if not widget.create_label:
            return
        model = field.queryset.model
        viewset = getattr(model, "snippet_viewset", None)
        if viewset is None or self.for_user is None:
            return
        new_item = model(locale=locale)
        if not viewset.permission_policy.user_has_permission_for_instance(
            self.for_user, "add", new_item
        ):
            return
        url = reverse(viewset.get_url_name("add"))
        widget.create_url = f"{url}?{urlencode({'locale': locale.language_code})}"

    def page_locale(self) -> Locale | None:
        if getattr(self.instance, "locale_id", None):
            return self.instance.locale
        if self.parent_page is not None and self.parent_page.locale_id:
            return self.parent_page.locale
        return None
