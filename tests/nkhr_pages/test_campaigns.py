"""Campaigns: the self-filling timeline, goals and outcomes, calls to action."""

from __future__ import annotations

import datetime

import pytest

from nkhr_pages.models import CampaignPage
from nkhr_pages.queries import campaign_timeline
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
        "newsletters": make_section(
            factories.NewsletterIndexPageFactory, "Newsletters", "소식지"
        ),
        "events": make_section(factories.EventIndexPageFactory, "Events", "행사"),
    }


@pytest.fixture
def campaign(sections):
    en_index, _ko_index = sections["campaigns"]
    page = factories.CampaignPageFactory(
        parent=en_index,
        title="Made in China",
        slug="made-in-china",
        goals_and_outcomes=[
            ("goal", {"text": "Expose forced labour in wig exports", "achieved": True}),
            (
                "outcome",
                {"figure": "12", "label": "major media outlets covered the report"},
            ),
            ("outcome", {"figure": "550,000", "label": "views of the documentary"}),
        ],
    )
    page.save_revision().publish()
    return page


def _link_everything(sections, campaign):
    pub = factories.PublicationPageFactory(
        parent=sections["publications"][0],
        title="Made in China report",
        publication_date=datetime.date(2024, 11, 29),
        related_campaigns=[campaign],
    )
    clip = factories.MediaCoveragePageFactory(
        parent=sections["media"][0],
        title="Forced labor drives wig exports",
        publication_date=datetime.date(2024, 12, 1),
        related_campaigns=[campaign],
    )
    issue = factories.NewsletterIssuePageFactory(
        parent=sections["newsletters"][0],
        title="FNN Winter 2024",
        issue_date=datetime.date(2024, 12, 20),
        related_campaigns=[campaign],
    )
    event = factories.EventPageFactory(
        parent=sections["events"][0],
        title="Press conference",
        start_date=datetime.date(2024, 4, 19),
        related_campaigns=[campaign],
    )
    factories.PublicationPageFactory(
        parent=sections["publications"][0], title="Unrelated report"
    )
    return pub, clip, issue, event


def test_timeline_in_date_order(sections, campaign):
    pub, clip, issue, event = _link_everything(sections, campaign)
    timeline = campaign_timeline(campaign)
    assert [entry.page for entry in timeline] == [event, pub, clip, issue]
    assert [entry.kind for entry in timeline] == [
        "event",
        "publication",
        "media_coverage",
        "newsletter_issue",
    ]


def test_timeline_leaves_out_unpublished_pages(sections, campaign):
    pub, clip, _issue, _event = _link_everything(sections, campaign)
    clip.unpublish()
    assert clip not in [entry.page for entry in campaign_timeline(campaign)]


def test_campaign_page_shows_timeline_outcomes_and_actions(client, sections, campaign):
    _link_everything(sections, campaign)
    donate = factories.PublicationPageFactory(  # any live page will do as target
        parent=sections["publications"][0], title="Donate page stand-in"
    )
    campaign.donation_page = donate
    campaign.share_text = "Stop forced labour"
    campaign.save_revision().publish()
    html = client.get("/en/campaigns/made-in-china/").content.decode()
    assert html.index("Press conference") < html.index("Made in China report")
    assert html.index("Made in China report") < html.index("FNN Winter 2024")
    assert '<strong class="figure stat__value">12</strong>' in html
    assert "views of the documentary" in html
    assert 'href="/en/publications/donate-page-stand-in/">Donate</a>' in html
    assert "Stop%20forced%20labour" in html
    assert "Unrelated report" not in html


def test_campaign_page_shows_each_linked_page_once(client, sections, campaign):
    """Media coverage was listed on the timeline and again under "In the media"."""
    pub, clip, issue, event = _link_everything(sections, campaign)
    html = client.get("/en/campaigns/made-in-china/").content.decode()
    for linked in (pub, clip, issue, event):
        assert html.count(f">{linked.title}</a>") == 1, linked.title
    coverage = html[html.index('id="coverage-heading"') :]
    assert clip.title in coverage
    assert "1 December 2024" in coverage


def test_korean_campaign_timeline_uses_korean_pages(client, sections, campaign):
    pub, *_rest = _link_everything(sections, campaign)
    ko_campaign = factories.translate(campaign, "ko", title="메이드 인 차이나")
    # The translation keeps pointing at the English campaign (synchronised field).
    ko_pub = factories.translate(pub, "ko", title="메이드 인 차이나 보고서")
    assert list(ko_pub.related_campaigns.all()) == [campaign]
    timeline = campaign_timeline(ko_campaign)
    assert [entry.page for entry in timeline] == [ko_pub]
    html = client.get("/ko/campaigns/made-in-china/").content.decode()
    assert "메이드 인 차이나 보고서" in html
    assert 'lang="ko"' in html


def test_timeline_costs_constant_queries(
    client, sections, campaign, django_assert_max_num_queries
):
    def add(count: int) -> None:
        for _n in range(count):
            factories.PublicationPageFactory(
                parent=sections["publications"][0], related_campaigns=[campaign]
            )
            factories.MediaCoveragePageFactory(
                parent=sections["media"][0], related_campaigns=[campaign]
            )

    add(1)
    with django_assert_max_num_queries(60) as small:
        client.get("/en/campaigns/made-in-china/")
    small_count = len(small.captured_queries)
    add(10)
    with django_assert_max_num_queries(small_count):
        response = client.get("/en/campaigns/made-in-china/")
    timeline, coverage = (
        response.context["timeline"],
        response.context["related_coverage"],
    )
    assert (len(timeline), len(coverage)) == (11, 11)


def test_campaign_index_lists_and_filters(client, sections, campaign):
    factories.CampaignPageFactory(
        parent=sections["campaigns"][0],
        title="Phurora Mapharam",
        status=CampaignPage.Status.CONCLUDED,
    )
    response = client.get("/en/campaigns/")
    assert [p.title for p in response.context["items"]] == [
        "Made in China",
        "Phurora Mapharam",
    ]
    response = client.get("/en/campaigns/?status=concluded")
    assert [p.title for p in response.context["items"]] == ["Phurora Mapharam"]
    for query in ("status=nope", "page=abc", "page=0", "page=999"):
        assert client.get(f"/en/campaigns/?{query}").status_code == 200


def test_campaign_index_costs_constant_queries(
    client, sections, django_assert_max_num_queries
):
    index = sections["campaigns"][0]

    def add(count: int) -> None:
        for _n in range(count):
            factories.CampaignPageFactory(
                parent=index, hero_image=factories.ImageFactory()
            )
        client.get("/en/campaigns/")

    add(2)
    with django_assert_max_num_queries(40) as small:
        client.get("/en/campaigns/")
    small_count = len(small.captured_queries)
    add(10)
    with django_assert_max_num_queries(small_count):
        response = client.get("/en/campaigns/")
    assert len(response.context["items"]) == 12
