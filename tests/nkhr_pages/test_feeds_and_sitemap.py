"""RSS/Atom feeds per locale, sitemap.xml for both language trees, social meta."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest

from tests import factories

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


@pytest.fixture
def content(make_section):
    pubs_en, _pubs_ko = make_section(
        factories.PublicationIndexPageFactory, "Publications", "간행물"
    )
    media_en, _media_ko = make_section(
        factories.MediaCoverageIndexPageFactory, "In the media", "언론 보도"
    )
    report = factories.PublicationPageFactory(
        parent=pubs_en,
        title="Made in China",
        slug="made-in-china",
        summary="Forced labour in wig exports.",
        authors="NKHR",
        publication_date=datetime.date(2024, 11, 29),
    )
    factories.translate(report, "ko", title="메이드 인 차이나", summary="가발 수출")
    factories.PublicationPageFactory(parent=pubs_en, title="English only statement")
    clip = factories.MediaCoveragePageFactory(
        parent=media_en,
        title="Forced labor drives wig exports",
        link="https://www.koreatimes.co.kr/example",
        outlet=factories.OutletFactory(name="The Korea Times"),
    )
    factories.translate(clip, "ko", title="강제노동이 가발 수출을 이끈다")
    return {"report": report, "clip": clip}


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_publication_feeds_per_locale(client, content, kind):
    en = client.get(f"/en/feeds/publications/{kind}/")
    ko = client.get(f"/ko/feeds/publications/{kind}/")
    assert en.status_code == ko.status_code == 200
    en_xml, ko_xml = en.content.decode(), ko.content.decode()
    ET.fromstring(en.content)  # noqa: S314 - our own output; must be well-formed
    assert "Made in China" in en_xml
    assert "English only statement" in en_xml
    assert "메이드 인 차이나" in ko_xml
    assert "English only statement" not in ko_xml
    assert "http://localhost/ko/publications/made-in-china/" in ko_xml
    expected_type = "rss+xml" if kind == "rss" else "atom+xml"
    assert expected_type in en["Content-Type"]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_media_coverage_feeds(client, content, kind):
    en_xml = client.get(f"/en/feeds/media-coverage/{kind}/").content.decode()
    ko_xml = client.get(f"/ko/feeds/media-coverage/{kind}/").content.decode()
    assert "The Korea Times: Forced labor drives wig exports" in en_xml
    assert "https://www.koreatimes.co.kr/example" in en_xml
    assert "강제노동이 가발 수출을 이끈다" in ko_xml


def test_archive_advertises_its_feeds(client, content):
    html = client.get("/en/publications/").content.decode()
    assert 'type="application/rss+xml"' in html
    assert 'href="/en/feeds/publications/atom/"' in html


def test_sitemap_covers_both_locales(client, content):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ET.fromstring(response.content)  # noqa: S314 - our own output
    locations = {el.text for el in tree.findall("s:url/s:loc", SITEMAP_NS)}
    assert "http://localhost/en/" in locations
    assert "http://localhost/ko/" in locations
    assert "http://localhost/en/publications/made-in-china/" in locations
    assert "http://localhost/ko/publications/made-in-china/" in locations
    assert "http://localhost/ko/in-the-media/" in locations
    # hreflang alternates link the two languages of one page.
    for url in tree.findall("s:url", SITEMAP_NS):
        if url.find("s:loc", SITEMAP_NS).text.endswith(
            "/en/publications/made-in-china/"
        ):
            alternates = {
                link.get("hreflang"): link.get("href")
                for link in url.findall("x:link", SITEMAP_NS)
            }
            assert alternates == {
                "en": "http://localhost/en/publications/made-in-china/",
                "ko": "http://localhost/ko/publications/made-in-china/",
            }
            break
    else:
        pytest.fail("English report missing from the sitemap")


def test_sitemap_leaves_out_unpublished_pages(client, content):
    content["report"].unpublish()
    xml = client.get("/sitemap.xml").content.decode()
    assert "/en/publications/made-in-china/" not in xml
    assert "/ko/publications/made-in-china/" in xml


def test_social_meta_canonical_and_hreflang(client, content):
    html = client.get("/ko/publications/made-in-china/").content.decode()
    assert (
        '<link rel="canonical" href="http://localhost/ko/publications/made-in-china/">'
        in html
    )
    assert (
        'hreflang="en" href="http://localhost/en/publications/made-in-china/"' in html
    )
    assert '<meta property="og:title" content="메이드 인 차이나">' in html
    assert '<meta property="og:description" content="가발 수출">' in html
    assert '<meta property="og:locale" content="ko_KR">' in html
    assert '<meta property="og:locale:alternate" content="en_GB">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
