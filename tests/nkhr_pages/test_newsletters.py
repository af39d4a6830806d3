"""Newsletter issues: sections that pull in published pages, the index."""

from __future__ import annotations

import datetime

import pytest

from nkhr_pages.models import NewsletterSeries
from tests import factories


@pytest.fixture
def newsletters(make_section):
    return make_section(factories.NewsletterIndexPageFactory, "Newsletters", "소식지")


@pytest.fixture
def featured(make_section):
    campaigns, _ = make_section(
        factories.CampaignIndexPageFactory, "Campaigns", "캠페인"
    )
    live = factories.CampaignPageFactory(
        parent=campaigns, title="Made in China", summary="Supply chain accountability."
    )
    draft = factories.CampaignPageFactory(parent=campaigns, title="Secret draft")
    draft.unpublish()
    return live, draft


def test_issue_renders_sections_and_featured_pages(client, newsletters, featured):
    live, draft = featured
    issue = factories.NewsletterIssuePageFactory(
        parent=newsletters[0],
        title="FNN Winter 2024",
        slug="fnn-winter-2024",
        issue_number=4,
        body=[
            ("foreword", {"heading": "", "text": "<p>Dear friends</p>", "items": []}),
            (
                "activity_news",
                {
                    "heading": "What we did",
                    "text": "",
                    "items": [
                        {"page": live, "note": ""},
                        {"page": draft, "note": ""},
                    ],
                },
            ),
        ],
    )
    html = client.get(issue.url).content.decode()
    assert "<h2>Foreword</h2>" in html  # the section's label when no heading
    assert "<h2>What we did</h2>" in html
    assert "Dear friends" in html
    assert f'href="{live.url}"' in html
    assert "Supply chain accountability." in html
    assert "Secret draft" not in html  # unpublished pages are never pulled in
    assert "No. 4" in html


def test_index_filters_by_series_and_survives_bad_input(client, newsletters):
    index = newsletters[0]
    factories.NewsletterIssuePageFactory(
        parent=index, title="FNN 1", series=NewsletterSeries.ENGLISH_FNN
    )
    factories.NewsletterIssuePageFactory(
        parent=index,
        title="소식지 6호",
        series=NewsletterSeries.KOREAN_BIMONTHLY,
        issue_date=datetime.date(2024, 12, 30),
    )
    response = client.get("/en/newsletters/")
    assert [p.title for p in response.context["items"]] == ["소식지 6호", "FNN 1"]
    response = client.get("/en/newsletters/?series=en_fnn")
    assert [p.title for p in response.context["items"]] == ["FNN 1"]
    for query in ("series=weekly", "page=abc", "page=0"):
        assert client.get(f"/en/newsletters/?{query}").status_code == 200


def test_issue_in_korean(client, newsletters):
    issue = factories.NewsletterIssuePageFactory(parent=newsletters[0], slug="n1")
    factories.translate(issue, "ko", title="북한인권 소식지 1호")
    html = client.get("/ko/newsletters/n1/").content.decode()
    assert "<h1>북한인권 소식지 1호</h1>" in html
    assert "1호" in client.get("/ko/newsletters/").content.decode()


def test_index_costs_constant_queries(
    client, newsletters, django_assert_max_num_queries
):
    def add(count: int) -> None:
        for _n in range(count):
            factories.NewsletterIssuePageFactory(parent=newsletters[0])

    add(2)
    with django_assert_max_num_queries(40) as small:
        client.get("/en/newsletters/")
    small_count = len(small.captured_queries)
    add(10)
    with django_assert_max_num_queries(small_count):
        response = client.get("/en/newsletters/")
    assert len(response.context["items"]) == 12
