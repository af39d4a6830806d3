"""Pieces every page type shares: the translatable Page fields, tabbed panels,
the abstract page every type derives from and the abstract index page that lists
its children."""

from __future__ import annotations

import datetime
from http import HTTPMethod

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..conf import layout_context
from ..page_forms import LocaleScopedPageForm

# Page's own fields: written per language (the slug too, so Korean URLs can be Korean).
PAGE_TRANSLATABLE_FIELDS = [
    TranslatableField("title"),
    TranslatableField("seo_title"),
    TranslatableField("search_description"),
    TranslatableField("slug"),
]


def tabbed_panels(
    content: list, details: list | None = None, relations: list | None = None
) -> TabbedInterface:
    """Content / Details / Related / Promote / Settings tabs, in that order."""
    tabs = [ObjectList(content, heading=_("Content"))]
    if details:
        tabs.append(ObjectList(details, heading=_("Details")))
    if relations:
        tabs.append(ObjectList(relations, heading=_("Related")))
    tabs += [
        ObjectList(Page.promote_panels, heading=_("Promote")),
        ObjectList(Page.settings_panels, heading=_("Settings")),
    ]
    return TabbedInterface(tabs)


# Search weight of the short texts that say what a page is about (summaries,
# introductions): above the body and documents, below the title (Wagtail's 2).
SUMMARY_BOOST = 1.5


class SiteSearchMixin:
    """What the site search reads of a content page, declared on its class.

    - ``search_facet_label``: the name visitors see for this kind of content in
      the search page's type filter (plural, translated). Page types without one
      (index pages, home and standard pages, donation pages) are still found but
      are not offered as a filter.
    - ``content_date_field``: the date field that says when the content is from
      (publication, event, coverage date), used for the search's year filter;
      without one the page's first publication date is used.
    - ``search_rank_factor``: scales the relevance of this kind of page in
      search results (below 1: after the pages that match as well); 1 by default.
    """

    search_facet_label = None
    content_date_field: str | None = None
    search_rank_factor: float = 1.0

    def get_content_date(self) -> datetime.date | None:
        """The content's own date, or the day the page was first published."""
        if self.content_date_field:
            value = getattr(self, self.content_date_field, None)
            if value is not None:
                return value
        published = self.first_published_at
        return published.date() if published else None


class BasePage(Page):
    """Every page type of the app: safe to install beside a host's own pages.

    Django names a page type's link to ``Page`` after the class, so our
    ``HomePage`` would take ``Page.homepage`` (accessor and query name) from
    the ``home.HomePage`` every ``wagtail start`` site has. An explicit link
    named after app label and class cannot clash, keeps the table, column and
    rows as they are (related names live in Python only), and leaves class,
    content type and template names untouched.
    """

    page_ptr = models.OneToOneField(
        Page,
        on_delete=models.CASCADE,
        parent_link=True,
        related_name="%(app_label)s_%(class)s",
    )
    # Choices of campaigns, publications, topics, outlets: the page's language.
    base_form_class = LocaleScopedPageForm
    # Pages are read, never written to: their forms (newsletter sign-up,
    # donations) post to views of their own. A POST, PUT or DELETE answers
    # 405 instead of the page (Wagtail allows every method by default).
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(layout_context())
        return context


class BaseIndexPage(BasePage):
    """A section page (e.g. "Publications") that lists its children."""

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A few sentences shown above the list."),
    )
    per_page = models.PositiveSmallIntegerField(
        _("items per page"),
        default=20,
        help_text=_("How many items one page of the list shows."),
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    settings_panels = [*Page.settings_panels, FieldPanel("per_page")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction", boost=SUMMARY_BOOST),
    ]
    translatable_fields = [
        *PAGE_TRANSLATABLE_FIELDS,
        TranslatableField("introduction"),
        SynchronizedField("per_page"),
    ]
    max_count_per_parent = 1

    class Meta:
        abstract = True
