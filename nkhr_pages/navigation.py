"""The site's main menu and breadcrumbs.

Editors choose the menu in the admin: it lists the children of the current
locale's home page that have "Show in menus" ticked (Promote tab), in tree
order. It is cached per site and locale and keyed on the page cache's
generation, so publishing or moving a page shows up at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import get_language
from wagtail.models import Page, Site

from .models import CallToActionSettings, OrganisationSettings
from .page_cache import generation_cached


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str
    tree_path: str  # Wagtail's materialised path: a prefix of every descendant's

    def contains(self, page: Page | None) -> bool:
        """True on the item's own page and anywhere below it."""
        return page is not None and getattr(page, "path", "").startswith(self.tree_path)


def _build_menu(request: HttpRequest, site: Site, language: str) -> list[MenuItem]:
    # The home page in this language: the site root or one of its translations.
    root_key = Page.objects.filter(pk=site.root_page_id).values("translation_key")
    home = (
        Page.objects.filter(
            translation_key__in=root_key, locale__language_code=language
        )
        .only("path", "depth")
        .first()
    )
    if home is None:
        return []
    pages = home.get_children().live().public().in_menu().order_by("path")
    return [
        MenuItem(page.title, page.get_url(request=request) or "", page.path)
        for page in pages.only("id", "title", "url_path", "path", "depth")
    ]


def main_menu(request: HttpRequest) -> list[MenuItem]:
    site = Site.find_for_request(request)
    if site is None:
        return []
    language = get_language()
    return generation_cached(
        request,
        f"menu:{site.pk}:{language}",
        lambda: _build_menu(request, site, language),
    )


def breadcrumbs(page: Page) -> list[Page]:
    """The pages between the home page and ``page``, home first, ``page`` last.

    Empty on the home page itself, where a trail would say nothing.
    """
    if page.depth <= 2:
        return []
    ancestors = list(
        page.get_ancestors().filter(depth__gte=2).only("id", "title", "url_path")
    )
    return [*ancestors, page]


def _localized_url(page: Page | None, request: HttpRequest) -> str:
    if page is None:
        return ""
    localized = page.localized
    if not localized.live:
        return ""
    return localized.get_url(request=request) or ""


def calls_to_action(request: HttpRequest) -> dict[str, str]:
    """URLs of the donation, newsletter, about and privacy pages in the
    visitor's language.

    Chosen in Settings > Calls to action; cached like the menu. An empty URL
    means "not chosen or not published", and the layout hides that link.
    """
    site = Site.find_for_request(request)
    if site is None:
        return {"donate": "", "newsletter": "", "about": "", "privacy": ""}

    def build() -> dict[str, str]:
        links = CallToActionSettings.for_site(site)
        return {
            "donate": _localized_url(links.donation_page, request),
            "newsletter": _localized_url(links.newsletter_page, request),
            "about": _localized_url(links.about_page, request),
            "privacy": _localized_url(links.privacy_page, request),
        }

    # The key names the dict's shape: a copy cached by an earlier release (say,
    # without "privacy") must not be read by this one after a deploy.
    return generation_cached(request, f"cta:v2:{site.pk}:{get_language()}", build)


def organisation_settings(request: HttpRequest) -> OrganisationSettings | None:
    """The footer's contact details; saving them retires the cached copy."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    return generation_cached(
        request, f"organisation:{site.pk}", lambda: OrganisationSettings.for_site(site)
    )
