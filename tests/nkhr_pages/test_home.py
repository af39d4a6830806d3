"""The composed home page: sections editors order, cards with pictures, and a
query count that does not grow with the number of featured items."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.tests.utils import get_test_image_file

from nkhr_pages.models import PublicationCover
from tests import factories


@pytest.fixture
def sections(make_section):
    return {
        "campaigns": make_section(
            factories.CampaignIndexPageFactory, "Campaigns", "캠페인"
        ),
        "publications": make_section(
            factories.PublicationIndexPageFactory, "Publications", "간행물"
        ),
        "media": make_section(
            factories.MediaCoverageIndexPageFactory, "In the media", "언론 보도"
        ),
    }


@pytest.fixture(autouse=True)
def _webp_only(settings):
    # AVIF takes a second an image to encode; its markup has its own test.
    settings.NKHR_PICTURE_FORMATS = ("webp",)


def _image(size=(400, 250), **fields):
    return factories.ImageFactory(file=get_test_image_file(size=size), **fields)


def _compose(home, body) -> None:
    home.body = body
    home.save_revision().publish()


def _home_body(campaigns, count: int) -> list[dict]:
    return [
        {
            "type": "hero",
            "value": {
                "image": _image(title="Candle").pk,
                "heading": "Shining a light",
                "text": "Since 1996.",
                "page": campaigns[0].pk,
                "button_label": "Our work",
            },
        },
        {
            "type": "featured_campaigns",
            "value": {
                "heading": "Campaigns",
                "campaigns": [campaign.pk for campaign in campaigns],
                "count": 3,
            },
        },
        {"type": "latest_publications", "value": {"heading": "New", "count": count}},
        {"type": "in_the_media", "value": {"heading": "Press", "count": count}},
        {
            "type": "impact_figures",
            "value": {
                "heading": "2024 in figures",
                "figures": [{"figure": "8", "label": "refugees rescued"}],
                "source": "2024 Activity Report",
            },
        },
        {
            "type": "donation_band",
            "value": {"heading": "Support us", "text": "", "button_label": "Give"},
        },
        {"type": "newsletter_signup", "value": {"heading": "News", "text": ""}},
    ]


def _add_items(sections, count: int) -> list:
    campaigns = [
        factories.CampaignPageFactory(
            parent=sections["campaigns"][0], hero_image=_image()
        )
        for _n in range(count)
    ]
    for n in range(count):
        publication = factories.PublicationPageFactory(
            parent=sections["publications"][0],
            cover_image=_image() if n % 2 else None,
        )
        if n % 2 == 0:  # every other one carries a PDF with a drawn cover
            document = _document(f"report-{n}.pdf")
            PublicationCover.objects.create(
                document=document, image=_image(), source_hash="x"
            )
            publication.document = document
            publication.save_revision().publish()
        factories.MediaCoveragePageFactory(parent=sections["media"][0])
    return campaigns


def _document(name: str):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model()(title=name)
    document.file.save(name, ContentFile(b"%PDF-1.4 not drawn"), save=True)
    return document


@pytest.mark.parametrize("count", [2, 12])
def test_home_costs_constant_queries(client, home_pages, sections, count):
    campaigns = _add_items(sections, count)
    _compose(home_pages["en"], _home_body(campaigns, count))
    client.get("/en/")  # renditions are created on the first visit
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/")
    assert len(queries) <= 15, "\n".join(q["sql"][-300:] for q in queries)
    html = response.content.decode()
    assert html.count('class="card"') == count  # campaign cards
    assert html.count("card--publication") == count
    assert html.count("media-strip__item") == count


def test_query_count_does_not_grow_with_items(client, home_pages, sections):
    counts = []
    campaigns = []
    for extra in (2, 10):
        campaigns += _add_items(sections, extra)
        _compose(home_pages["en"], _home_body(campaigns, len(campaigns)))
        client.get("/en/")
        with CaptureQueriesContext(connection) as queries:
            client.get("/en/")
        counts.append(len(queries))
    assert counts[0] == counts[1]
