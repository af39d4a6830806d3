"""OpenGraph and Twitter card data for ``templates/includes/social_meta.html``."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..sharing import share_description, share_image

register = template.Library()

OG_LOCALES = {"en": "en_GB", "ko": "ko_KR"}


@register.simple_tag
def social_meta_data(page) -> dict:
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    specific = getattr(page, "specific", page)
    return {
        "type": "website" if specific.depth <= 2 else "article",
        "site_name": _("Citizens' Alliance for North Korean Human Rights"),
        "title": specific.seo_title or specific.title,
        "description": share_description(specific),
        "image": share_image(specific),
        "og_locale": OG_LOCALES.get(language, language),
        "og_locale_alternates": [
            OG_LOCALES.get(code, code)
            for code, _name in settings.LANGUAGES
            if code != language
        ],
    }
