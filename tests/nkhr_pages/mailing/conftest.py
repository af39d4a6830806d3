"""Fixtures of the mailing tests: a loopback SMTP server, newsletter pages,
subscribers."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.test import override_settings
from wagtail.rich_text import RichText

from nkhr_pages.demo import ensure_child_page, ensure_translation
from nkhr_pages.mailing.models import Subscriber, Subscription
from nkhr_pages.models import (
    CampaignIndexPage,
    CampaignPage,
    NewsletterIndexPage,
    NewsletterIssuePage,
)

from .smtp import RecordingHandler, SMTPServer


@pytest.fixture
def smtp_server():
    """aiosmtpd on a free loopback port, with Django's SMTP backend pointed at it."""
    server = SMTPServer(RecordingHandler()).start()
    try:
        with override_settings(**server.django_settings()):
            yield server
    finally:
        server.stop()


@pytest.fixture
def editor(django_user_model, client):
    """A superuser, logged in with ``client``."""
    user = django_user_model.objects.create_superuser(
        "editor", "editor@nkhr.or.kr", "pw-for-tests"
    )
    client.force_login(user)
    return user


@pytest.fixture
def newsletter_indexes(home_pages, locales):
    en = ensure_child_page(
        home_pages["en"], NewsletterIndexPage, "newsletters", {"title": "Newsletters"}
    )
    ko = ensure_translation(en, locales["ko"], {"title": "소식지"})
    return {"en": en, "ko": ko}


@pytest.fixture
def campaigns(home_pages, locales):
    """A campaign in English and its Korean translation."""
    index = ensure_child_page(
        home_pages["en"], CampaignIndexPage, "campaigns", {"title": "Campaigns"}
    )
    ensure_translation(index, locales["ko"], {"title": "캠페인"})
    en = ensure_child_page(
        index,
        CampaignPage,
        "save-my-friend",
        {
            "title": "Save My Friend",
            "summary": "Stop the forced repatriation of North Korean refugees.",
        },
    )
    ko = ensure_translation(
        en,
        locales["ko"],
        {"title": "내 친구를 구해주세요", "summary": "탈북민 강제북송을 멈춰주세요."},
    )
    return {"en": en, "ko": ko}


def make_issue(
    index, series, number, title, campaign=None, text=""
) -> NewsletterIssuePage:
    items = (
        [
            {
                "type": "item",
                "id": str(uuid.uuid4()),
                "value": {"page": campaign.pk, "note": ""},
            }
        ]
        if campaign
        else []
    )
    issue = NewsletterIssuePage(
        title=title,
        slug=f"{series}-{number}".replace("_", "-"),
        series=series,
        issue_number=number,
        issue_date=datetime.date(2024, 12, 20),
        locale=index.locale,
        body=[
            {
                "type": "activity_news",
                "value": {
                    "heading": "",
                    "text": RichText(text).source if text else "",
                    "items": items,
                },
            }
        ],
    )
    index.add_child(instance=issue)
    issue.save_revision().publish()
    return NewsletterIssuePage.objects.get(pk=issue.pk)


@pytest.fixture
def korean_issue(newsletter_indexes, campaigns):
    return make_issue(
        newsletter_indexes["ko"],
        "ko_bimonthly",
        57,
        "북한인권 소식지 제57호",
        campaign=campaigns["ko"],
        text='<p>올해 <a href="/ko/campaigns/">캠페인</a> 소식입니다.</p>',
    )


@pytest.fixture
def english_issue(newsletter_indexes, campaigns):
    return make_issue(
        newsletter_indexes["en"],
        "en_fnn",
        12,
        "FNN Winter 2024",
        campaign=campaigns["en"],
        text='<p>News from <a href="/en/campaigns/">our campaigns</a>.</p>',
    )


def add_subscribers(
    count: int, mailing_list: str, prefix: str = "reader"
) -> list[Subscriber]:
    subscribers = Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"{prefix}{n}@example.org", name=f"Reader {n}")
            for n in range(count)
        ]
    )
    subscribers = list(
        Subscriber.objects.filter(email__startswith=prefix).order_by("pk")
    )
    Subscription.objects.bulk_create(
        [
            Subscription(
                subscriber=subscriber,
                mailing_list=mailing_list,
                status=Subscription.Status.ACTIVE,
            )
            for subscriber in subscribers
        ]
    )
    return subscribers
