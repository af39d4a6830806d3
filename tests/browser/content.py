"""Test content for the browser tests: one page of every page type, in English
and Korean, built from the models themselves (no demo loader).

Required fields are filled generically from their types, so that a new page
type or a new required field is covered without editing this module.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from wagtail.models import Page, Site, get_page_models

from nkhr_pages.demo import ensure_child_page, ensure_locales, ensure_translation
from nkhr_pages.models import CallToActionSettings, HomePage, StandardPage

PROJECT_APPS = ("nkhr_pages", "nkhr_donations", "nkhr_search")
EN_TEXT = "Founded in Seoul in 1996, NKHR documents human rights in North Korea."
KO_TEXT = "1996년 서울에서 창립한 북한인권시민연합은 북한 인권 상황을 기록합니다."


@dataclass
class SiteContent:
    """What the tests visit: ``urls[page type][language] = path``."""

    urls: dict[str, dict[str, str]] = field(default_factory=dict)
    titles: dict[str, dict[str, str]] = field(default_factory=dict)


def _value_for(model_field: models.Field) -> Any:
    if model_field.choices:
        return model_field.choices[0][0]
    if isinstance(model_field, models.ForeignKey):
        return _instance_of(model_field.related_model)
    if isinstance(model_field, models.DateTimeField):
        return datetime.datetime(2024, 5, 1, 10, 0, tzinfo=datetime.UTC)
    if isinstance(model_field, models.DateField):
        return datetime.date(2024, 5, 1)
    if isinstance(model_field, models.DecimalField):
        return Decimal(1)
    if isinstance(model_field, models.IntegerField | models.FloatField):
        return 1
    if isinstance(model_field, models.URLField):
        return "https://www.nkhr.or.kr/"
    if isinstance(model_field, models.EmailField):
        return "nkhr@nkhr.or.kr"
    if isinstance(model_field, models.SlugField):
        return "test"
    if isinstance(model_field, models.CharField | models.TextField):
        return "Test"[: model_field.max_length or 4]
    raise NotImplementedError(f"no test value for {model_field!r}")


def required_fields(model: type[models.Model], skip: set[str]) -> dict[str, Any]:
    values = {}
    for model_field in model._meta.concrete_fields:
        if (
            model_field.name in skip
            or model_field.primary_key
            or model_field.blank
            or model_field.null
            or model_field.has_default()
            or isinstance(model_field, models.OneToOneField)
        ):
            continue
        values[model_field.name] = _value_for(model_field)
    return values


def _instance_of(model: type[models.Model]) -> models.Model:
    existing = model.objects.first()
    if existing is not None:
        return existing
    return model.objects.create(**required_fields(model, skip=set()))


PAGE_FIELDS = {f.name for f in Page._meta.concrete_fields}


def _text_fields(model: type[Page], text: str) -> dict[str, str]:
    names = ("introduction", "summary", "tagline")
    return {
        name: text
        for name in names
        if name in {f.name for f in model._meta.concrete_fields}
    }


def project_page_models() -> list[type[Page]]:
    return [
        model
        for model in get_page_models()
        if model._meta.app_label in PROJECT_APPS and model is not HomePage
    ]


def build_site() -> SiteContent:
    """Both home pages, then every page type under the first parent it allows."""
    locales = ensure_locales()
    root = Page.get_first_root_node()
    if root is None:  # flushed by an earlier transactional test
        root = Page.add_root(
            instance=Page(title="Root", slug="root", locale=locales["en"])
        )
    for child in root.get_children():
        child.delete()
    en_home = HomePage(
        title="NKHR home",
        slug="home",
        locale=locales["en"],
        **_text_fields(HomePage, EN_TEXT),
    )
    root.add_child(instance=en_home)
    en_home.save_revision().publish()
    Site.objects.all().delete()
    site = Site.objects.create(
        hostname="localhost",
        port=80,
        root_page=en_home,
        is_default_site=True,
        site_name="NKHR",
    )
    ko_home = ensure_translation(
        en_home,
        locales["ko"],
        {"title": "북한인권시민연합", **_text_fields(HomePage, KO_TEXT)},
    )
    content = SiteContent()
    content.urls["HomePage"] = {"en": "/en/", "ko": "/ko/"}
    content.titles["HomePage"] = {"en": en_home.title, "ko": ko_home.title}
    built: dict[type[Page], Page] = {HomePage: en_home}
    pending = project_page_models()
    while pending:
        progress = False
        for model in list(pending):
            parent = next(
                (built[p] for p in model.allowed_parent_page_models() if p in built),
                None,
            )
            if parent is None:
                continue
            name = model.__name__
            slug = name.lower().removesuffix("page") or "page"
            fields = {
                "title": f"{model._meta.verbose_name.title()} (English)",
                "show_in_menus": parent is en_home,
                **_text_fields(model, EN_TEXT),
                **required_fields(model, skip=PAGE_FIELDS),
            }
            en_page = ensure_child_page(parent, model, slug, fields)
            ko_title = f"{model._meta.verbose_name} 한국어판"
            ko_page = ensure_translation(
                en_page,
                locales["ko"],
                {"title": ko_title, **_text_fields(model, KO_TEXT)},
            )
            built[model] = en_page
            content.urls[name] = {
                "en": en_page.get_url(),
                "ko": ko_page.get_url(),
            }
            content.titles[name] = {"en": en_page.title, "ko": ko_title}
            pending.remove(model)
            progress = True
        if not progress:
            raise RuntimeError(f"no parent can be built for {pending}")

    # The layout's "Donate" call to action leads to a (stand-in) donation page.
    donate = ensure_child_page(en_home, StandardPage, "donate", {"title": "Donate"})
    ensure_translation(donate, locales["ko"], {"title": "후원하기"})
    links = CallToActionSettings.for_site(site)
    links.donation_page = donate
    links.save()
    return content
