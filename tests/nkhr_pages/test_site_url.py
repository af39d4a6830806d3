"""The default Site follows WAGTAILADMIN_BASE_URL: canonical, hreflang and
sitemap URLs name the public host, never http://localhost."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db.models.signals import post_migrate
from wagtail.models import Site

from nkhr_pages.site_url import align_default_site, host_and_port


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://nkhr.or.kr", ("nkhr.or.kr", 443)),
        ("https://nkhr.or.kr/", ("nkhr.or.kr", 443)),
        ("http://127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("http://example.org", ("example.org", 80)),
    ],
)
def test_host_and_port(url, expected):
    assert host_and_port(url) == expected


@pytest.mark.parametrize("url", ["nkhr.or.kr", "ftp://nkhr.or.kr", "https://"])
def test_a_base_url_that_is_no_web_address_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match="not an http"):
        host_and_port(url)


def test_public_urls_use_the_base_url_host(client, make_standard_page, settings):
    en, _ko = make_standard_page("about", "About", "소개")
    settings.WAGTAILADMIN_BASE_URL = "https://nkhr.example.org"
    assert align_default_site() is True
    assert align_default_site() is False  # already aligned: nothing written
    html = client.get("/en/about/").content.decode()
    assert '<link rel="canonical" href="https://nkhr.example.org/en/about/">' in html
    assert 'hreflang="ko" href="https://nkhr.example.org/ko/about/"' in html
    assert "localhost" not in html
    sitemap = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    locations = [el.text for el in sitemap.iter() if el.tag.endswith("loc")]
    assert "https://nkhr.example.org/en/about/" in locations
    assert all(loc.startswith("https://nkhr.example.org/") for loc in locations)


def test_migrate_aligns_the_default_site(home_pages, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://nkhr.example.org"
    post_migrate.send(
        sender=apps.get_app_config("nkhr_pages"),
        app_config=apps.get_app_config("nkhr_pages"),
        using="default",
        verbosity=0,
        interactive=False,
        plan=[],
        apps=apps,
    )
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == (
        "nkhr.example.org",
        443,
        "https://nkhr.example.org",
    )
