"""Where the language switcher and hreflang links point for a given page."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language_info
from wagtail.models import Locale, Page, Site

from .page_cache import generation_cached

UNTRANSLATED_FLAG = "untranslated"


@dataclass(frozen=True)
class LanguageLink:
    language_code: str
    name: str
    url: str
    is_current: bool
    is_translation: bool  # False when we fall back to the other locale's home


def _home_for(locale: Locale, request: HttpRequest) -> Page | None:
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    if root.locale_id == locale.id:
        return root
    return root.get_translation_or_none(locale)


def translation_urls(request: HttpRequest, page: Page) -> dict[str, tuple[str, str]]:
    """``{language code: (URL, absolute URL)}`` of the live, public translations
    of ``page`` (itself included).

    Kept like the menus (``page_cache.generation_cached``): translations, their
    privacy and their URLs change only by publishing, moving, restricting or
    saving a site, which retire it. Remembered on the request too: the
    switcher and the hreflang links both need it.
    """
    memo = getattr(request, "_nkhr_translation_urls", None)
    if memo is not None and memo[0] == page.pk:
        return memo[1]

    def build() -> dict[str, tuple[str, str]]:
        translations = (
            page.get_translations(inclusive=True)
            .live()
            .public()
            .select_related("locale")
        )
        return {
            translation.locale.language_code: (
                translation.get_url(request=request),
                translation.get_full_url(request=request),
            )
            for translation in translations
        }

    urls = generation_cached(
        request, f"translations:{request.get_host()}:{page.pk}", build
    )
    request._nkhr_translation_urls = (page.pk, urls)
    return urls


def language_links(request: HttpRequest, page: Page | None) -> list[LanguageLink]:
    """One link per configured language, to the same page in that language.

    Where the page has no live translation, the link goes to that language's
    home page with a flag so that the home page can say why.
    """
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    translations = translation_urls(request, page) if page is not None else {}
    locales: dict[str, Locale] | None = None  # only needed for a missing translation

    links = []
    for code, _name in settings.LANGUAGES:
        name = get_language_info(code)["name_local"]
        if page is None:
            url = translate_url(request.get_full_path(), code)
            links.append(LanguageLink(code, name, url, code == current, True))
            continue
        if code in translations:
            url = translations[code][0]
            links.append(LanguageLink(code, name, url, code == current, True))
            continue
        if locales is None:
            locales = {locale.language_code: locale for locale in Locale.objects.all()}
        locale = locales.get(code)
        home = _home_for(locale, request) if locale else None
        url = f"/{code}/"
        if home is not None and home.live:
            url = home.get_url(request=request)
        links.append(
            LanguageLink(
                code, name, f"{url}?{UNTRANSLATED_FLAG}=1", code == current, False
            )
        )
    return links


def hreflang_alternates(request: HttpRequest, page: Page) -> list[tuple[str, str]]:
    """(language code, absolute URL) for every live, public translation of ``page``."""
    return sorted(
        (code, full_url)
        for code, (_url, full_url) in translation_urls(request, page).items()
        if full_url
    )
