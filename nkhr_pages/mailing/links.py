"""Absolute links for email: a message is read far from the site, so every
link and image address must carry scheme and host."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import translation
from wagtail.models import Site

from nkhr_pages.conf import setting

# href="/..." and src="/..." but not protocol-relative "//host/...".
RELATIVE_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')


def site_base_url() -> str:
    """Scheme and host of the public site, without a trailing slash."""
    configured = setting("NKHR_MAILING_BASE_URL")
    if configured:
        return configured.rstrip("/")
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_url.rstrip("/")
    return setting("WAGTAILADMIN_BASE_URL").rstrip("/")


def absolute(path_or_url: str, base_url: str | None = None) -> str:
    if path_or_url.startswith(("http://", "https://", "mailto:")):
        return path_or_url
    base = base_url if base_url is not None else site_base_url()
    return f"{base}/{path_or_url.lstrip('/')}"


def absolutise_html(html: str, base_url: str) -> str:
    """Make every root-relative link and image address in ``html`` absolute."""
    return RELATIVE_ATTRIBUTE.sub(
        lambda match: f'{match.group(1)}{base_url}{match.group(2)}"', html
    )


def mailing_url(name: str, language: str, base_url: str | None = None, **kwargs) -> str:
    """Absolute URL of one of this app's views, in ``language``'s URL prefix."""
    with translation.override(language):
        path = reverse(f"nkhr_mailing:{name}", kwargs=kwargs)
    return absolute(path, base_url)
