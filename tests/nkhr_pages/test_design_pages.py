"""Page-template fixes of the design work (issue 19): media coverage pages,
filters as chips, program tables, statistics."""

from __future__ import annotations

import datetime

import pytest

from nkhr_pages.models import CampaignPage, ProgramPage, ProgramYearFigure
from tests import factories


@pytest.fixture
def media(make_section):
    return make_section(
        factories.MediaCoverageIndexPageFactory, "In the media", "언론 보도"
    )


def test_translated_headline_is_marked_in_the_page_language(client, media):
    """The English page of a Korean article shows an English headline: it must
    not be marked lang="ko"."""
    clip = factories.MediaCoveragePageFactory(
        parent=media[0],
        title="Blood wigs traded for foreign currency",
        article_language="ko",
        link="https://www.ytn.co.kr/example",
    )
    ko_clip = factories.translate(clip, "ko", title="외화와 맞바꾼 피의 가발")
    en_html = client.get(clip.url).content.decode()
    assert "<h1>Blood wigs traded for foreign currency</h1>" in en_html
    ko_html = client.get(ko_clip.url).content.decode()
    assert "<h1>외화와 맞바꾼 피의 가발</h1>" in ko_html
    assert 'href="https://www.ytn.co.kr/example" hreflang="ko"' in en_html


def test_untranslated_headline_keeps_the_article_language(client, media):
    clip = factories.MediaCoveragePageFactory(
        parent=media[0], title="북한 가발 수출", article_language="ko"
    )
    # The English page of a Korean article, its headline left as published.
    en_clip = factories.MediaCoveragePageFactory(
        parent=media[0], title="English original", article_language="en"
    )
    ko_copy = factories.translate(en_clip, "ko", title="English original")
    assert (
        '<h1 lang="en">English original</h1>'
        in client.get(ko_copy.url).content.decode()
    )
    assert "<h1>북한 가발 수출</h1>" in client.get(clip.url).content.decode()


def test_media_item_without_link_offers_the_outlet(client, media):
    outlet = factories.OutletFactory(name="YTN", website="https://www.ytn.co.kr/")
    clip = factories.MediaCoveragePageFactory(parent=media[0], outlet=outlet, link="")
    html = client.get(clip.url).content.decode()
    assert 'href="https://www.ytn.co.kr/" rel="noopener">Go to YTN</a>' in html
    assert "We have no link to this article online." in html
    assert 'href="/en/in-the-media/">All media coverage</a>' in html


def test_choice_filter_is_a_list_of_chips(client, make_section):
    en, _ko = make_section(factories.CampaignIndexPageFactory, "Campaigns", "캠페인")
    factories.CampaignPageFactory(parent=en, title="Wigs")
    html = client.get("/en/campaigns/?status=concluded&page=2").content.decode()
    assert '<a class="chip" href="?">All</a>' in html
    assert (
        '<a class="chip" href="?status=concluded" aria-current="true">Concluded</a>'
        in html
    )
    assert '<a class="chip" href="?status=ongoing">Ongoing</a>' in html
    # An unknown value selects "All", as the listing ignores it.
    html = client.get("/en/campaigns/?status=nonsense").content.decode()
    assert '<a class="chip" href="?" aria-current="true">All</a>' in html


def test_empty_listing_is_not_a_list_item(client, make_section):
    make_section(factories.CampaignIndexPageFactory, "Campaigns", "캠페인")
    html = client.get("/en/campaigns/").content.decode()
    assert '<p class="empty empty-state">No campaigns to show.</p>' in html
    assert '<li class="empty">' not in html
    assert "card-grid" not in html  # no empty list around it


def test_program_tables_label_cells_and_group_numbers(client, make_section):
    en, _ko = make_section(factories.ProgramIndexPageFactory, "Programs", "프로그램")
    page = factories.ProgramPageFactory(
        parent=en,
        kind=ProgramPage.Kind.MENTORING,
        schedule=[
            (
                "session",
                {
                    "date": datetime.date(2024, 9, 7),
                    "title": "Term",
                    "location": "Seoul",
                    "participants": 1200,
                },
            )
        ],
    )
    ProgramYearFigure.objects.create(page=page, year=2024, participants=3401)
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert '<table class="table--stacked">' in html
    assert '<td class="number" data-label="Participants">1,200</td>' in html
    assert '<td class="number" data-label="Participants">3,401</td>' in html
    assert '<time datetime="2024-09-07">7 September 2024</time>' in html


def test_outcome_figure_carries_its_korean_counter(client, make_section):
    en, _ko = make_section(factories.CampaignIndexPageFactory, "Campaigns", "캠페인")
    campaign = factories.CampaignPageFactory(
        parent=en, title="Wigs", status=CampaignPage.Status.ONGOING
    )
    ko = factories.translate(
        campaign,
        "ko",
        title="가발",
        goals_and_outcomes=[
            (
                "outcome",
                {"figure": "12", "label": "개 주요 언론사가 보도", "source": ""},
            )
        ],
    )
    html = client.get(ko.url).content.decode()
    assert '<strong class="figure stat__value">12개</strong>' in html
    assert '<span class="label stat__label">주요 언론사가 보도</span>' in html


def test_home_page_first_visit_weighs_under_150_kb(client, home_pages):
    """HTML, CSS, JavaScript and fonts of the home page (images excluded), as
    sent uncompressed: under 150 KB for a first visit."""
    import re

    from django.contrib.staticfiles import finders

    for language in ("en", "ko"):
        html = client.get(f"/{language}/").content
        assets = re.findall(
            rb'<(?:link rel="stylesheet"|script)[^>]*(?:href|src)="/static/([^"]+)"',
            html,
        )
        assert b"css/site.css" in assets
        total = len(html)
        for asset in assets:
            path = finders.find(asset.decode())
            assert path, asset
            with open(path, "rb") as handle:
                content = handle.read()
            total += len(content)
            assert b"@font-face" not in content  # system fonts: no font bytes
            assert b"url(http" not in content  # nothing from another server
        assert total < 150 * 1024, (language, total)
