"""Demo content built from the organisation's own facts (``fixtures/demo/``).

Every function here is idempotent: a page that already exists is left alone,
so running ``load_demo_content`` twice changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import (
    CallToActionSettings,
    HomePage,
    NewsletterIndexPage,
    OrganisationSettings,
    StandardPage,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "demo"
PAGE_TYPES: dict[str, type[Page]] = {"standard": StandardPage}


def read_fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def ensure_locales() -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.LANGUAGES
    }


def _publish(page: Page) -> Page:
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def ensure_translation(
    source: Page, locale: Locale, fields: Mapping[str, Any], out: TextIO | None = None
) -> Page:
    """The live translation of ``source`` into ``locale``, created from ``fields``
    when missing. The copy shares the source's translation key, so Wagtail and
    wagtail-localize know the two pages are translations of each other."""
    existing = source.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translation = source.copy_for_translation(locale, copy_parents=False, alias=False)
    translation = translation.specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    translation = _publish(translation)
    if out:
        out.write(f"  created {locale.language_code}: {translation.title}\n")
    return translation


def ensure_child_page(
    parent: Page,
    page_class: type[Page],
    slug: str,
    fields: Mapping[str, Any],
    out: TextIO | None = None,
) -> Page:
    """The child of ``parent`` with ``slug``, created from ``fields`` if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = page_class(slug=slug, locale=parent.locale, **fields)
    parent.add_child(instance=page)
    page = _publish(page)
    if out:
        out.write(f"  created {parent.locale.language_code}: {page.title}\n")
    return page


def ensure_bilingual_page(
    english_parent: Page,
    page_class: type[Page],
    slug: str,
    english: Mapping[str, Any],
    korean: Mapping[str, Any],
    out: TextIO | None = None,
) -> tuple[Page, Page]:
    """An English page under ``english_parent`` and its Korean translation."""
    locales = ensure_locales()
    en_page = ensure_child_page(english_parent, page_class, slug, english, out)
    ko_page = ensure_translation(en_page, locales["ko"], korean, out)
    return en_page, ko_page


def ensure_home_pages(
    data: Mapping[str, Any], out: TextIO | None = None
) -> tuple[Page, Page]:
    locales = ensure_locales()
    root = Page.get_first_root_node()
    en_home = HomePage.objects.filter(locale=locales["en"], depth=2).first()
    if en_home is None:
        # Wagtail's first migration leaves a placeholder "Welcome" page; replace it.
        for placeholder in root.get_children().filter(
            content_type__model="page", content_type__app_label="wagtailcore"
        ):
            if placeholder.get_children_count() == 0:
                placeholder.delete()
        en_home = HomePage(slug="home", locale=locales["en"], **data["en"])
        root.add_child(instance=en_home)
        en_home = _publish(en_home)
        if out:
            out.write(f"  created en: {en_home.title}\n")

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        from .site_url import host_and_port

        hostname, port = host_and_port(settings.WAGTAILADMIN_BASE_URL)
        site = Site(hostname=hostname, port=port, is_default_site=True)
    if site.root_page_id != en_home.id or site.site_name != "NKHR":
        site.root_page = en_home
        site.site_name = "NKHR"
        site.save()
    ko_home = ensure_translation(en_home, locales["ko"], data["ko"], out)
    return en_home, ko_home


def ensure_organisation_settings(values: Mapping[str, str]) -> None:
    site = Site.objects.get(is_default_site=True)
    org = OrganisationSettings.for_site(site)
    changed = False
    for name, value in values.items():
        if not getattr(org, name):
            setattr(org, name, value)
            changed = True
    if changed:
        org.save()


def _load_tree(
    english_parent: Page, nodes: list[Mapping[str, Any]], out: TextIO
) -> None:
    for node in nodes:
        en_page, _ko_page = ensure_bilingual_page(
            english_parent,
            PAGE_TYPES[node["type"]],
            node["slug"],
            node["en"],
            node["ko"],
            out,
        )
        _load_tree(en_page, node.get("children", []), out)


@transaction.atomic
def load_core_pages(out: TextIO) -> None:
    data = read_fixture("core.json")
    en_home, _ko_home = ensure_home_pages(data["home"], out)
    ensure_organisation_settings(data["organisation"])
    _load_tree(en_home, data["pages"], out)


# Other apps' demo pages are found by their slug under the English home, never by
# importing their models; staff change the choice in Settings > Calls to action.
DEMO_DONATION_SLUG = "donate"
DEMO_ABOUT_SLUG = "about"
DEMO_PRIVACY_SLUG = "privacy"


@transaction.atomic
def ensure_calls_to_action(out: TextIO | None = None) -> None:
    """Choose the demo's donation, newsletter, about and privacy pages where
    none is chosen."""
    site = Site.objects.get(is_default_site=True)
    links = CallToActionSettings.for_site(site)
    home = site.root_page
    chosen = []
    if links.donation_page_id is None:
        links.donation_page = (
            home.get_children().live().filter(slug=DEMO_DONATION_SLUG).first()
        )
        if links.donation_page is not None:
            chosen.append("donation page")
    if links.newsletter_page_id is None:
        links.newsletter_page = (
            NewsletterIndexPage.objects.child_of(home).live().first()
        )
        if links.newsletter_page is not None:
            chosen.append("newsletter page")
    for field, slug, label in (
        ("about_page", DEMO_ABOUT_SLUG, "about page"),
        ("privacy_page", DEMO_PRIVACY_SLUG, "privacy page"),
    ):
        if getattr(links, f"{field}_id") is None:
            page = home.get_children().live().filter(slug=slug).first()
            if page is not None:
                setattr(links, field, page)
                chosen.append(label)
    if chosen:
        links.save()
        if out:
            out.write(f"  calls to action: {', '.join(chosen)}\n")
