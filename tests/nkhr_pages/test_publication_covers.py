"""Covers wherever a publication is shown, in both languages: the archive's
cards, the publication's page, the home page's latest publications, a
campaign's timeline and the site search's hits.

A cover is the PDF's first page (or the editor's cover image) as a 3:4
<picture> with its dimensions, else the typographic cover; it is decorative
(``alt=""``) because the title beside it already names the publication."""

from __future__ import annotations

import datetime
import re
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.images.tests.utils import get_test_image_file

from nkhr_pages.models import PublicationCover
from tests import factories


@pytest.fixture(autouse=True)
def _webp_only(settings):
    # AVIF takes a second an image to encode; its markup has its own test.
    settings.NKHR_PICTURE_FORMATS = ("webp",)


def _image(**fields):
    return factories.ImageFactory(file=get_test_image_file(size=(300, 400)), **fields)


def _drawn_cover(name: str):
    """A document with a cover drawn from it (as ``covers.generate_cover``
    leaves it), without drawing a PDF in every test."""
    document = get_document_model()(title=name)
    document.file.save(f"{name}.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    image = _image(
        title=f"Cover: {name}", description=f"Cover of {name}", drawn_cover=True
    )
    PublicationCover.objects.create(document=document, image=image, source_hash="x")
    return document


@pytest.fixture
def site(make_section, home_pages):
    """Three publications of one campaign, in English and Korean: one with a
    cover drawn from its PDF (newest), one with no picture at all, one with a
    cover image chosen by the editor (oldest)."""
    # First: publishing a stale copy of a home page would forget its children.
    for home in home_pages.values():
        body = [
            {"type": "latest_publications", "value": {"heading": "New", "count": 3}}
        ]
        home.body = home.body.stream_block.to_python(body)
        home.save_revision().publish()
    publications_en, publications_ko = make_section(
        factories.PublicationIndexPageFactory, "Publications", "간행물"
    )
    campaigns_en, _ko = make_section(
        factories.CampaignIndexPageFactory, "Campaigns", "캠페인"
    )
    campaign = factories.CampaignPageFactory(parent=campaigns_en, title="Made in China")
    campaign.save_revision().publish()
    campaign_ko = factories.translate(campaign, "ko", title="메이드 인 차이나")
    specs = [
        ("drawn", "Drawn report", "그린 보고서", datetime.date(2024, 11, 29), {}),
        ("plain", "Plain report", "표지 없는 보고서", datetime.date(2024, 6, 20), {}),
        ("chosen", "Chosen report", "고른 보고서", datetime.date(2023, 3, 1), {}),
    ]
    pages = {}
    for key, title, ko_title, date, fields in specs:
        if key == "drawn":
            fields = {"document": _drawn_cover("made-in-china")}
        elif key == "chosen":
            fields = {"cover_image": _image(description="A photo of a river")}
        page = factories.PublicationPageFactory(
            parent=publications_en,
            title=title,
            publication_date=date,
            related_campaigns=[campaign],
            **fields,
        )
        page.save_revision().publish()
        pages[key] = {"en": page, "ko": factories.translate(page, "ko", title=ko_title)}
    call_command("update_index", stdout=StringIO(), stderr=StringIO())
    return {
        "pages": pages,
        "campaign": {"en": campaign, "ko": campaign_ko},
        "archive": {"en": publications_en.url, "ko": publications_ko.url},
    }


def _covers(html: str, container: str) -> list[str]:
    """The markup of each cover inside elements whose class starts with
    ``container`` (``<figure class="{container} ...">...</figure>``)."""
    return re.findall(rf'<figure class="{container}[^"]*">(.*?)</figure>', html, re.S)


def _img(cover: str) -> str:
    return re.search(r"<img [^>]*>", cover)[0]


def _assert_picture(cover: str, loading: str) -> None:
    assert "<picture>" in cover
    img = _img(cover)
    # Dimensions reserve the 3:4 box before the file arrives (no layout shift).
    assert 'width="300" height="400"' in img
    assert "srcset=" in img
    assert 'sizes="' in img
    assert f'loading="{loading}"' in img
    # The title next to it names the publication: the cover is not read out.
    assert 'alt=""' in img


def _assert_typographic(cover: str, title: str) -> None:
    assert "<img" not in cover
    assert 'class="typographic-cover' in cover
    assert 'aria-hidden="true"' in cover
    assert title in cover


@pytest.mark.parametrize("language", ["en", "ko"])
def test_archive_cards_show_covers(client, site, language):
    pages = site["pages"]
    html = client.get(site["archive"][language]).content.decode()
    drawn, plain, chosen = _covers(html, "card__cover")
    # The first card may be the largest thing in view: not lazy.
    _assert_picture(drawn, "eager")
    assert 'fetchpriority="high"' in _img(drawn)
    _assert_typographic(plain, pages["plain"][language].title)
    _assert_picture(chosen, "lazy")
    assert "A photo of a river" not in html
    assert "Cover of made-in-china" not in html


@pytest.mark.parametrize("language", ["en", "ko"])
def test_publication_page_shows_its_cover(client, site, language):
    pages = site["pages"]
    html = client.get(pages["drawn"][language].url).content.decode()
    [cover] = _covers(html, "cover publication-cover")
    _assert_picture(cover, "eager")
    html = client.get(pages["plain"][language].url).content.decode()
    [cover] = _covers(html, "cover publication-cover")
    _assert_typographic(cover, pages["plain"][language].title)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_home_latest_publications_show_covers(client, site, language):
    html = client.get(f"/{language}/").content.decode()
    drawn, plain, chosen = _covers(html, "card__media card__media--cover")
    _assert_picture(drawn, "lazy")  # below the hero
    _assert_typographic(plain, site["pages"]["plain"][language].title)
    _assert_picture(chosen, "lazy")


@pytest.mark.parametrize("language", ["en", "ko"])
def test_campaign_timeline_shows_covers(client, site, language):
    html = client.get(site["campaign"][language].url).content.decode()
    chosen, plain, drawn = _covers(html, "timeline__cover")  # oldest first
    _assert_picture(chosen, "lazy")
    _assert_typographic(plain, site["pages"]["plain"][language].title)
    _assert_picture(drawn, "lazy")


@pytest.mark.parametrize(("language", "query"), [("en", "report"), ("ko", "보고서")])
def test_search_hits_of_publications_show_covers(client, site, language, query):
    html = client.get(f"/{language}/search/", {"q": query}).content.decode()
    covers = _covers(html, "search-result__media")
    assert len(covers) == 3
    assert sum("<picture>" in cover for cover in covers) == 2
    for cover in covers:
        if "<picture>" in cover:
            _assert_picture(cover, "lazy")
        else:
            _assert_typographic(cover, site["pages"]["plain"][language].title)


def test_archive_covers_cost_constant_queries(client, site):
    publications = site["pages"]["drawn"]["en"].get_parent()

    def count() -> int:
        client.get(site["archive"]["en"])  # renditions are made on the first visit
        with CaptureQueriesContext(connection) as queries:
            client.get(site["archive"]["en"])
        return len(queries)

    before = count()
    for n in range(4):
        factories.PublicationPageFactory(
            parent=publications,
            document=_drawn_cover(f"more-{n}"),
            cover_image=_image() if n % 2 else None,
        ).save_revision().publish()
    assert count() == before


def _widths(img: str) -> list[int]:
    srcset = re.search(r'srcset="([^"]*)"', img)[1]
    return [int(entry.rsplit(" ", 1)[1].rstrip("w")) for entry in srcset.split(", ")]


@pytest.mark.parametrize("language", ["en", "ko"])
def test_small_covers_offer_small_files_sized_per_place(client, site, language):
    """Covers are shown 4-16rem wide: the srcset goes down to 180 px and
    ``sizes`` says each place's width, so a phone downloads what it shows,
    not the 480 px file (the test image is 300 px wide: no larger widths)."""
    pages = site["pages"]
    places = {
        "archive": (site["archive"][language], "card__cover", "5.5rem"),
        "timeline": (site["campaign"][language].url, "timeline__cover", "4rem"),
        "search": (
            f"/{language}/search/?q={'report' if language == 'en' else '보고서'}",
            "search-result__media",
            "4.5rem",
        ),
        "home": (
            f"/{language}/",
            "card__media card__media--cover",
            "(min-width: 48em) 14rem, (min-width: 22rem) 10rem, calc(100vw - 4rem)",
        ),
        "page": (
            pages["drawn"][language].url,
            "cover publication-cover",
            "(min-width: 48em) 16rem, 11rem",
        ),
    }
    for place, (url, container, sizes) in places.items():
        html = client.get(url).content.decode()
        pictures = [c for c in _covers(html, container) if "<picture>" in c]
        assert pictures, place
        for cover in pictures:
            img = _img(cover)
            assert _widths(img) == [180, 240, 300], (place, img)
            assert f'sizes="{sizes}"' in img, (place, img)
            # The first width of the source (AVIF where offered) is as small.
            for source in re.findall(r"<source [^>]*>", cover):
                assert _widths(source)[0] == 180, (place, source)
