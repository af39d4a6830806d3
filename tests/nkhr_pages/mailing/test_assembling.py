"""“Start the next issue”: a draft listing what was published since the last one."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from nkhr_pages.demo import ensure_child_page
from nkhr_pages.mailing.assembling import AssemblyError, start_next_issue
from nkhr_pages.models import (
    CampaignPage,
    EventIndexPage,
    EventPage,
    MediaCoverageIndexPage,
    MediaCoveragePage,
    NewsletterIssuePage,
    Outlet,
    PublicationIndexPage,
    PublicationPage,
)

from .conftest import make_issue


def _published_days_ago(page, days: int) -> None:
    when = timezone.now() - datetime.timedelta(days=days)
    type(page).objects.filter(pk=page.pk).update(
        first_published_at=when, last_published_at=when
    )


@pytest.fixture
def korean_content(home_pages, locales, campaigns):
    ko_home = home_pages["ko"]
    events = ensure_child_page(ko_home, EventIndexPage, "events", {"title": "행사"})
    concert = ensure_child_page(
        events,
        EventPage,
        "healing-concert",
        {"title": "힐링 콘서트", "start_date": datetime.date(2024, 11, 8)},
    )
    publications = ensure_child_page(
        ko_home, PublicationIndexPage, "publications", {"title": "발간물"}
    )
    report = ensure_child_page(
        publications,
        PublicationPage,
        "activity-report-2024",
        {
            "title": "2024 활동보고서",
            "publication_type": "activity_report",
            "publication_date": datetime.date(2024, 12, 1),
        },
    )
    coverage_index = ensure_child_page(
        ko_home, MediaCoverageIndexPage, "media", {"title": "언론 보도"}
    )
    outlet = Outlet.objects.create(name="연합뉴스", locale=locales["ko"])
    article = ensure_child_page(
        coverage_index,
        MediaCoveragePage,
        "yonhap-2024-11",
        {
            "title": "탈북민 강제북송 중단 촉구",
            "publication_date": datetime.date(2024, 11, 20),
            "outlet": outlet,
        },
    )
    old_campaign = ensure_child_page(
        campaigns["ko"].get_parent(),
        CampaignPage,
        "old-campaign",
        {"title": "지난 캠페인"},
    )
    _published_days_ago(old_campaign, 200)
    return {
        "campaign": campaigns["ko"],
        "english_campaign": campaigns["en"],
        "event": concert,
        "publication": report,
        "article": article,
        "old_campaign": old_campaign,
    }


def _featured(issue):
    found = {}
    for block in issue.body:
        for item in block.value["items"]:
            found[item["page"].pk] = (block.block_type, block.value["heading"])
    return found


def test_next_issue_lists_new_korean_content(newsletter_indexes, korean_content):
    previous = make_issue(newsletter_indexes["ko"], "ko_bimonthly", 56, "제56호")
    _published_days_ago(previous, 60)

    assembled = start_next_issue("ko_bimonthly")
    issue = NewsletterIssuePage.objects.get(pk=assembled.page.pk)
    assert not issue.live
    assert issue.has_unpublished_changes
    assert issue.get_parent().pk == newsletter_indexes["ko"].pk
    assert issue.locale.language_code == "ko"
    assert issue.issue_number == 57
    assert issue.title == "북한인권 소식지 제57호"

    featured = _featured(issue)
    content = korean_content
    assert featured == {
        content["campaign"].pk: ("activity_news", "캠페인"),
        content["event"].pk: ("activity_news", "행사"),
        content["publication"].pk: ("forum_and_opinion", "발간자료"),
        content["article"].pk: ("media_reports", "언론 보도"),
    }
    # The English campaign and the one from before the previous issue are left out.
    assert content["english_campaign"].pk not in featured
    assert content["old_campaign"].pk not in featured
    assert [block.block_type for block in issue.body][0] == "foreword"


def test_english_series_takes_english_pages_only(newsletter_indexes, korean_content):
    assembled = start_next_issue("en_fnn")
    issue = assembled.page
    assert issue.get_parent().pk == newsletter_indexes["en"].pk
    assert issue.issue_number == 1
    assert issue.title == "FNN No. 1"
    assert set(_featured(issue)) == {korean_content["english_campaign"].pk}


def test_starting_twice_gives_two_drafts_with_distinct_slugs(
    newsletter_indexes, campaigns
):
    first = start_next_issue("en_fnn").page
    second = start_next_issue("en_fnn").page
    assert first.slug != second.slug
    # Drafts do not count as the previous issue.
    assert first.issue_number == second.issue_number == 1


def test_no_index_page_in_that_language(home_pages, locales):
    with pytest.raises(AssemblyError, match="no newsletter index page in 'ko'"):
        start_next_issue("ko_bimonthly")


def test_command(newsletter_indexes, campaigns, capsys):
    call_command("start_newsletter_issue", "en_fnn")
    out = capsys.readouterr().out
    assert "FNN No. 1" in out
    assert "1 CampaignPage" in out
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("start_newsletter_issue", "weekly")
