"""The base admin form of the site's pages: choices in the page's own language.

A page links campaigns, publications, topics and outlets, each of which exists
once per language. Wagtail lists every one of them, English and Korean mixed, so
an English page could be tied to a Korean campaign (and its Korean translation,
whose links wagtail-localize synchronises, to a campaign it cannot show). The
form keeps the choices, and what it accepts, to the page's locale.
"""

from __future__ import annotations

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Locale, TranslatableMixin


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

    def page_locale(self) -> Locale | None:
        if getattr(self.instance, "locale_id", None):
            return self.instance.locale
        if self.parent_page is not None and self.parent_page.locale_id:
            return self.parent_page.locale
        return None
