"""The composed home page: sections editors order, cards with pictures, and a
query count that does not grow with the number of featured items."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.tests.utils import get_test_image_file

from nkhr_pages.models import PublicationCover, PublicationPage
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
    value = home.body.stream_block.to_python(body)
    list(value)  # saved in block format, as the admin saves it
    home.body = value
    home.save_revision().publish()


def _home_body(campaigns, count: int, source_page=None) -> list[dict]:
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
                "source_page": source_page.pk if source_page else None,
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
    report = PublicationPage.objects.first()
    _compose(home_pages["en"], _home_body(campaigns, count, source_page=report))
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


def test_picture_offers_avif_and_webp_with_srcset(db, settings):
    from django.template import Context, Template

    settings.NKHR_PICTURE_FORMATS = ("avif", "webp")
    image = _image(size=(1000, 625))
    html = Template(
        "{% load nkhr_images %}{% responsive_image image 'fill-800x500' 'c' '50vw' %}"
    ).render(Context({"image": image}))
    assert '<source type="image/avif"' in html
    avif = html.split('type="image/avif" srcset="')[1].split('"')[0]
    assert [entry.rsplit(" ", 1)[1] for entry in avif.split(", ")] == ["480w", "800w"]
    assert ".avif" in avif
    img = html.split("<img")[1]
    assert ".webp 480w" in img
    assert ".webp 800w" in img
    assert 'sizes="50vw"' in img
    assert 'loading="lazy"' in img
    assert "fetchpriority" not in img
    assert 'width="800" height="500"' in img


def test_withheld_picture_is_a_placeholder_without_renditions(db):
    from django.template import Context, Template

    image = _image(do_not_identify=True)
    html = Template(
        "{% load nkhr_images %}{% responsive_image image 'fill-800x500' %}"
    ).render(Context({"image": image}))
    assert "image-placeholder" in html
    assert "<img" not in html
    assert "<source" not in html
    assert not image.renditions.exists()


def test_sections_hide_unpublished_and_private_pages(client, home_pages, sections):
    from wagtail.models import PageViewRestriction

    campaigns = _add_items(sections, 2)
    hidden = campaigns[1]
    hidden.title = "Secret campaign"
    hidden.save_revision().publish()
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.LOGIN
    )
    draft = factories.PublicationPageFactory(
        parent=sections["publications"][0], title="Draft report", live=False
    )
    assert not draft.live
    _compose(home_pages["en"], _home_body(campaigns, 5))
    html = client.get("/en/").content.decode()
    assert campaigns[0].title in html
    assert "Secret campaign" not in html
    assert "Draft report" not in html


def test_korean_home_lists_korean_pages(client, home_pages, sections):
    campaigns = _add_items(sections, 1)
    ko_campaign = factories.translate(campaigns[0], "ko", title="한국어 캠페인")
    body = _home_body(campaigns, 3)
    body[1]["value"]["campaigns"] = []  # the latest ones, in the page's language
    _compose(home_pages["ko"], body)
    html = client.get("/ko/").content.decode()
    assert ko_campaign.title in html
    assert campaigns[0].title not in html


def test_sections_are_translatable_with_wagtail_localize(home_pages, sections):
    from wagtail_localize.segments.extract import extract_segments

    campaigns = _add_items(sections, 1)
    _compose(home_pages["en"], _home_body(campaigns, 3))
    home = type(home_pages["en"]).objects.get(pk=home_pages["en"].pk)
    segments = extract_segments(home)
    strings = {s.string.data for s in segments if hasattr(s, "string")}
    assert {"Shining a light", "Since 1996.", "Our work", "2024 in figures"} <= strings
    assert {"8", "refugees rescued", "2024 Activity Report", "Give"} <= strings
    # The hero's picture is not text: translators may swap it, not translate it.
    kinds = {type(s).__name__ for s in segments}
    assert "OverridableSegmentValue" in kinds


# The sections' HTML is kept like whole pages (page_cache.cached_fragment):
# a request the page cache cannot answer (a query string) reuses it.


@pytest.fixture
def composed_home(settings, client, home_pages, sections):
    settings.NKHR_PAGE_CACHE_ENABLED = True
    campaigns = _add_items(sections, 3)
    _compose(home_pages["en"], _home_body(campaigns, 3))
    return home_pages["en"]


def test_home_sections_are_reused_by_uncached_requests(client, composed_home):
    from django.core.cache import cache

    from nkhr_pages.page_cache import local_state

    first = client.get("/en/?utm_source=newsletter")  # renditions made
    cache.clear()
    local_state.clear()
    with CaptureQueriesContext(connection) as cold:
        cold_page = client.get("/en/?utm_source=cold")
    with CaptureQueriesContext(connection) as warm:
        warm_page = client.get("/en/?utm_source=warm")
    assert first.status_code == warm_page.status_code == 200
    assert "X-Page-Cache" not in warm_page  # the page itself is rendered
    assert warm_page.content == cold_page.content
    assert len(warm) < len(cold)
    assert not any("nkhr_pages_publicationpage" in q["sql"] for q in warm)
    assert any("nkhr_pages_publicationpage" in q["sql"] for q in cold)


def test_publishing_a_publication_shows_it_on_the_next_uncached_home(
    client, composed_home, sections
):
    client.get("/en/?utm_source=a")
    report = factories.PublicationPageFactory(
        parent=sections["publications"][0],
        title="A report published just now",
        publication_date=datetime.date.today() + datetime.timedelta(days=1),
        live=False,
    )
    report.save_revision().publish()
    html = client.get("/en/?utm_source=b").content.decode()
    assert "A report published just now" in html


def test_each_language_and_host_has_its_own_sections(client, composed_home):
    from django.test import RequestFactory
    from django.utils import translation

    from nkhr_pages.page_cache import cached_fragment

    request = RequestFactory().get("/en/", HTTP_HOST="localhost")
    request_other_host = RequestFactory().get("/en/", HTTP_HOST="testserver")
    with translation.override("en"):
        assert cached_fragment(request, "part", lambda: "english") == "english"
        assert cached_fragment(request, "part", lambda: "again") == "english"
        assert cached_fragment(request_other_host, "part", lambda: "other") == "other"
    with translation.override("ko"):
        # The tag adds the language to the name; the function keys what it is given.
        assert cached_fragment(request, "part:ko", lambda: "한국어") == "한국어"


def test_fragments_with_a_csrf_token_or_in_previews_are_never_kept(
    client, composed_home
):
    from django.test import RequestFactory

    from nkhr_pages.page_cache import cached_fragment

    request = RequestFactory().get("/en/")
    token = '<input name="csrfmiddlewaretoken" value="abc">'
    assert cached_fragment(request, "form", lambda: token) == token
    assert cached_fragment(request, "form", lambda: "fresh") == "fresh"
    request.is_preview = True
    assert cached_fragment(request, "preview", lambda: "draft") == "draft"
    assert cached_fragment(request, "preview", lambda: "draft 2") == "draft 2"


def test_preview_of_a_changed_home_is_not_served_from_or_into_the_cache(
    client, composed_home
):
    client.get("/en/?utm_source=a")  # the live sections are now kept
    home = type(composed_home).objects.get(pk=composed_home.pk)
    body = home.body.raw_data
    body[0]["value"]["heading"] = "A draft heading"
    home.body = body
    draft = home.save_revision().as_object()  # not published
    preview = draft.make_preview_request()
    assert preview.status_code == 200
    assert "A draft heading" in preview.content.decode()
    live = client.get("/en/?utm_source=b").content.decode()
    assert "A draft heading" not in live
    assert "Shining a light" in live


def test_media_strip_writes_dates_and_headlines_like_the_rest_of_the_site(
    client, home_pages, sections
):
    # From the 2024 activity report's media list: YTN, 15 December 2024.
    factories.MediaCoveragePageFactory(
        parent=sections["media"][0],
        title="Expendable Human Beings, part 3",
        published_headline="[Expendable Human Beings] Part 3",
        article_language="en",
        publication_date=datetime.date(2024, 12, 15),
    )
    for language in ("en", "ko"):
        body = [{"type": "in_the_media", "value": {"heading": "Press", "count": 3}}]
        _compose(home_pages[language], body)
    english = client.get("/en/").content.decode()
    strip = english.split('class="media-strip"')[1]
    assert "15 December 2024" in strip
    assert "Dec. 15" not in strip
    assert "[Expendable Human Beings] Part 3</a>" in strip  # the outlet's own words
    assert 'class="media-strip__headline">' in strip  # in the page's language
    # The Korean home has no Korean clippings yet: it shows the English one,
    # its date the Korean way and its headline marked as English.
    korean = client.get("/ko/").content.decode()
    strip = korean.split('class="media-strip"')[1]
    assert "2024년 12월 15일" in strip
    assert 'class="media-strip__headline" lang="en">' in strip
