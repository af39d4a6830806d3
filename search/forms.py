"""The search page's input. Invalid filters are dropped, never an error page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import korean
from .services import (
    ORDER_DATE,
    ORDER_RELEVANCE,
    SearchRequest,
    facet_label,
    facet_page_types,
    page_type_key,
    searchable_page_types,
)

# Years a URL may ask for; others are not a year of this archive.
MIN_YEAR, MAX_YEAR = 1900, 2200


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the site"), required=False)
    type = forms.ChoiceField(label=_("Content type"), required=False)
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[(ORDER_RELEVANCE, _("Relevance")), (ORDER_DATE, _("Newest first"))],
    )
    all = forms.BooleanField(label=_("All languages"), required=False)
    # Set by the "search instead for" link: no spelling correction.
    exact = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offered: the kinds of content visitors look for, under their label.
        # Accepted: any searchable page type, so that a shared link filters as
        # it did (the choice is then shown with its model's name).
        offered = facet_page_types()
        self.fields["type"].choices = [
            ("", _("All content types")),
            *[(page_type_key(model), facet_label(model)) for model in offered],
            *[
                (page_type_key(model), model._meta.verbose_name.capitalize())
                for model in searchable_page_types()
                if model not in offered
                and page_type_key(model) == self.data.get("type")
            ],
        ]

    def clean_q(self) -> str:
        # Long input is cut, not refused: the reader still gets results.
        return (self.cleaned_data.get("q") or "").strip()[: korean.MAX_QUERY_LENGTH]

    def to_request(self, page_number) -> SearchRequest:
        """The valid part of the input; an invalid filter counts as not given."""
        self.is_valid()
        data = self.cleaned_data
        return SearchRequest(
            query=data.get("q", ""),
            page_type=data.get("type") or "",
            year=data.get("year"),
            order=data.get("order") or ORDER_RELEVANCE,
            all_languages=bool(data.get("all")),
            page_number=page_number,
            exact=bool(data.get("exact")),
        )
