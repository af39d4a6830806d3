"""Demo content for the content areas: campaigns, publications, media coverage,
newsletters, programs and events, in English and Korean (``fixtures/demo/``).

Facts (names, dates, figures, headlines) come from the 2024 activity report;
the prose is our own. Idempotent like ``demo.py``: existing pages are left
alone, and the media coverage CSV goes through the importer, which skips rows
already imported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TextIO

from django.db import transaction
from wagtail.models import Locale, Page

from . import models
from .demo import FIXTURES, _publish, ensure_locales, ensure_translation, read_fixture
from .demo_home import load_home
from .demo_pdfs import attach_publication_pdfs
from .services import MediaCoverageImporter

SECTION_TYPES: dict[str, type[Page]] = {
    "campaign_index": models.CampaignIndexPage,
    "publication_index": models.PublicationIndexPage,
    "media_coverage_index": models.MediaCoverageIndexPage,
    "newsletter_index": models.NewsletterIndexPage,
    "program_index": models.ProgramIndexPage,
    "event_index": models.EventIndexPage,
}
PAGE_TYPES: dict[str, type[Page]] = {
    "campaign": models.CampaignPage,
    "publication": models.PublicationPage,
    "newsletter_issue": models.NewsletterIssuePage,
    "program": models.ProgramPage,
    "event": models.EventPage,
}
MEDIA_COVERAGE_CSV = FIXTURES / "media_coverage_2024.csv"


def _ensure_page(
    parent: Page,
    page_class: type[Page],
    slug: str,
    fields: Mapping[str, Any],
    prepare: Callable[[Page], None] | None = None,
    out: TextIO | None = None,
) -> Page:
    """Like ``demo.ensure_child_page``, with a hook to add relations (topics,
    campaigns, yearly figures) before the first revision is published, so the
    Korean copy made afterwards carries them too."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = page_class(slug=slug, locale=parent.locale, **fields)
    parent.add_child(instance=page)
    if prepare is not None:
        prepare(page)
        page.save()
    page = _publish(page)
    if out:
        out.write(f"  created {parent.locale.language_code}: {page.title}\n")
    return page


def _resolve_page_refs(value: Any, locale: Locale) -> Any:
    """Replace ``{"page_ref": "<slug>"}`` in StreamField data with the id of the
    page with that slug in ``locale`` (newsletters feature other pages)."""
    if isinstance(value, list):
        return [_resolve_page_refs(item, locale) for item in value]
    if isinstance(value, dict):
        if "page_ref" in value:
            page = Page.objects.get(locale=locale, slug=value["page_ref"])
            rest = {k: v for k, v in value.items() if k != "page_ref"}
            return {"page": page.pk, **_resolve_page_refs(rest, locale)}
        return {key: _resolve_page_refs(item, locale) for key, item in value.items()}
    return value


def ensure_topics(data: list[Mapping[str, str]], locales) -> dict[str, Any]:
    topics = {}
    for item in data:
        topic, _created = models.PublicationTopic.objects.get_or_create(
            slug=item["slug"], locale=locales["en"], defaults={"name": item["en"]}
        )
        if topic.get_translation_or_none(locales["ko"]) is None:
            translation = topic.copy_for_translation(locales["ko"])
            translation.name = item["ko"]
            translation.save()
        topics[item["slug"]] = topic
    return topics


def ensure_outlets(names_ko: Mapping[str, str], locales) -> None:
    """Outlets in English with their Korean names, before the CSV import uses them."""
    for name_en, name_ko in names_ko.items():
        outlet, _created = models.Outlet.objects.get_or_create(
            name=name_en, locale=locales["en"]
        )
        if outlet.get_translation_or_none(locales["ko"]) is None:
            translation = outlet.copy_for_translation(locales["ko"])
            translation.name = name_ko
            translation.save()


def _relations(node: Mapping[str, Any], topics: Mapping[str, Any], locale: Locale):
    figures = node.get("figures", [])
    campaign_slugs = node.get("campaigns", [])
    topic_slugs = node.get("topics", [])

    def prepare(page: Page) -> None:
        if campaign_slugs:
            page.related_campaigns.set(
                models.CampaignPage.objects.filter(
                    locale=locale, slug__in=campaign_slugs
                )
            )
        if topic_slugs:
            page.topics.set([topics[slug] for slug in topic_slugs])
        for figure in figures:
            page.yearly_figures.add(models.ProgramYearFigure(**figure))
        for name, slug in node.get("page_links", {}).items():
            setattr(page, name, Page.objects.get(locale=locale, slug=slug))

    return prepare


def load_sections(home_en: Page, out: TextIO) -> None:
    data = read_fixture("content.json")
    locales = ensure_locales()
    topics = ensure_topics(data["topics"], locales)
    ensure_outlets(data["outlets_ko"], locales)
    for section in data["sections"]:
        section_class = SECTION_TYPES[section["type"]]
        en_section = _ensure_page(
            home_en,
            section_class,
            section["slug"],
            {**section.get("shared", {}), **section["en"], "show_in_menus": True},
            out=out,
        )
        ensure_translation(en_section, locales["ko"], section["ko"], out)
        for node in section.get("children", []):
            en_page = _ensure_page(
                en_section,
                PAGE_TYPES[node["type"]],
                node["slug"],
                {
                    **node.get("shared", {}),
                    **_resolve_page_refs(node["en"], locales["en"]),
                },
                prepare=_relations(node, topics, locales["en"]),
                out=out,
            )
            ensure_translation(
                en_page,
                locales["ko"],
                _resolve_page_refs(node["ko"], locales["ko"]),
                out,
            )


def import_media_coverage(out: TextIO) -> None:
    index = models.MediaCoverageIndexPage.objects.get(
        locale=Locale.get_default(), slug="in-the-media"
    )
    importer = MediaCoverageImporter(index, progress=lambda line: None)
    result = importer.run(MEDIA_COVERAGE_CSV.read_bytes())
    if not result.ok:  # a broken fixture is a bug: fail loudly
        raise ValueError("; ".join(str(error) for error in result.errors))
    if result.created:
        out.write(f"  created {result.created} media coverage items\n")


@transaction.atomic
def load_content(out: TextIO) -> None:
    home_en = models.HomePage.objects.get(locale=Locale.get_default(), depth=2)
    load_sections(home_en, out)
    import_media_coverage(out)
    attach_publication_pdfs(out)
    load_home(out)  # the composed home page and its pictures (demo_home.py)
