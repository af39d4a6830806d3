"""Filters of the translation status report."""

from __future__ import annotations

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.models import Page, get_page_models

from .roles import target_locales
from .status import TranslationStatus, field_name


def _locale_choices():
    return [
        (locale.language_code, locale.get_display_name()) for locale in target_locales()
    ]


def _page_types():
    content_types = ContentType.objects.get_for_models(*get_page_models()).values()
    return ContentType.objects.filter(
        pk__in=[content_type.pk for content_type in content_types]
    ).order_by("model")


def _page_type_label(content_type: ContentType) -> str:
    model = content_type.model_class()
    return str(model._meta.verbose_name if model else content_type.model)


class TranslationStatusFilterSet(WagtailFilterSet):
    """Locale narrows the status filter (and the columns) to one target locale."""

    locale = django_filters.ChoiceFilter(
        label=_("Locale"), choices=_locale_choices, method="filter_nothing"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=TranslationStatus.choices, method="filter_nothing"
    )
    page_type = django_filters.ModelChoiceFilter(
        label=_("Page type"),
        field_name="content_type",
        queryset=lambda request: _page_types(),
    )

    class Meta:
        model = Page
        fields = ["locale", "status", "page_type"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["page_type"].field.label_from_instance = _page_type_label

    def filter_nothing(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # Applied together in filter_queryset: status depends on the locale.
        return queryset

    def selected_locales(self):
        locales = target_locales()
        code = self.form.cleaned_data.get("locale") if self.is_bound else None
        if code:
            locales = [locale for locale in locales if locale.language_code == code]
        return locales

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        status = self.form.cleaned_data.get("status")
        if status:
            condition = Q()
            for locale in self.selected_locales():
                condition |= Q(**{field_name(locale, "status"): status})
            queryset = queryset.filter(condition)
        return queryset
