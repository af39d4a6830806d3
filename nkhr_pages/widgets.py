"""Admin widgets of the page forms.

``SearchableCheckboxSelectMultiple`` is a list of checkboxes (related campaigns,
publication topics) with a search box above it: with dozens of campaigns an
editor types part of a title instead of scrolling. It is progressive
enhancement: without the script the box stays hidden and the plain list of
checkboxes works as before. What it posts is exactly what Django's
``CheckboxSelectMultiple`` posts, so the form's validation, the locale scoping
(``page_forms.LocaleScopedPageForm``) and wagtail-localize's synchronisation of
the field are untouched.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin


class SearchableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes with a filtering search box; chosen items come first.

    ``search_label`` names the box ("Search campaigns"). With ``create_label``
    the widget offers a link to add an item; the page form sets its
    ``create_url`` (the item's add view in the page's language) when the editor
    may add one there.
    """

    template_name = "nkhr_pages/widgets/searchable_checkbox_select.html"

    class Media:
        js = ["nkhr_pages/js/searchable-choices.js"]
        css = {"all": ["nkhr_pages/css/searchable-choices.css"]}

    def __init__(
        self,
        attrs: dict | None = None,
        choices: Any = (),
        *,
        search_label: Any = None,
        create_label: Any = None,
    ) -> None:
        super().__init__(attrs, choices)
        self.search_label = search_label or _("Search the list")
        self.create_label = create_label
        self.create_url = ""

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        field = getattr(self.choices, "field", None)
        # Wagtail's label of a checkbox list points at no input: the group
        # carries the field's name for screen readers.
        widget["group_label"] = field.label if field is not None else ""
        widget["search_label"] = self.search_label
        widget["create_url"] = self.create_url if self.create_label else ""
        widget["create_label"] = self.create_label
        return context

    def optgroups(self, name: str, value: Any, attrs: dict | None = None) -> list:
        """Django's option groups, chosen items first (each keeps its index and
        so its id), each with the text the search box matches."""
        groups = super().optgroups(name, value, attrs)
        aliases = self._other_language_titles()
        for _group, options, _index in groups:
            for option in options:
                instance = getattr(option["value"], "instance", None)
                extra = aliases.get(getattr(instance, "pk", None), [])
                option["search_text"] = " ".join([str(option["label"]), *extra])
        return sorted(groups, key=lambda group: not group[1][0]["selected"])

    def _other_language_titles(self) -> dict[Any, list[str]]:
        """The names of each choice's versions in the other languages, so that
        a Korean editor finds a campaign by its English title too (one query)."""
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None or not issubclass(queryset.model, TranslatableMixin):
            return {}
        keys = dict(queryset.values_list("translation_key", "pk"))
        if not keys:
            return {}
        others: dict[Any, list[str]] = defaultdict(list)
        model: type[Model] = queryset.model
        versions = model._default_manager.filter(translation_key__in=keys).exclude(
            pk__in=keys.values()
        )
        for version in versions:
            others[keys[version.translation_key]].append(str(version))
        return others


def campaign_choices() -> SearchableCheckboxSelectMultiple:
    """The "related campaigns" list of publications, media coverage,
    newsletters and events. No "add" link: a campaign is a page of its own,
    created in the campaigns section."""
    return SearchableCheckboxSelectMultiple(search_label=_("Search campaigns"))


def topic_choices() -> SearchableCheckboxSelectMultiple:
    """The topics of a publication; editors may add a topic (a snippet)."""
    return SearchableCheckboxSelectMultiple(
        search_label=_("Search topics"), create_label=_("Add a new topic")
    )
