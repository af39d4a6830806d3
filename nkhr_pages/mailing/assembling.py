"""“Start the next issue”: a draft that already lists what was published since
the previous issue of the series, in the series' language, for editors to trim."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from wagtail.models import Locale, Page

from nkhr_pages.models import (
    CampaignPage,
    EventPage,
    MediaCoveragePage,
    NewsletterIndexPage,
    NewsletterIssuePage,
    PublicationPage,
)

from .lists import ISSUE_NAMES, LIST_PERIOD_DAYS, list_language

# (section block, heading, page type): the order the sections appear in.
# Headings are marked here and translated in the series' language when used.
SECTION_PLAN: list[tuple[str, str, type[Page]]] = [
    ("activity_news", gettext_noop("Campaigns"), CampaignPage),
    ("activity_news", gettext_noop("Events"), EventPage),
    ("forum_and_opinion", gettext_noop("Publications"), PublicationPage),
    ("media_reports", gettext_noop("Media coverage"), MediaCoveragePage),
]


class AssemblyError(Exception):
    """The next issue cannot be started; the message says why, for staff."""


@dataclass(frozen=True)
class AssembledIssue:
    page: NewsletterIssuePage
    since: datetime
    counts: dict[str, int]


def previous_issue(series: str) -> NewsletterIssuePage | None:
    return (
        NewsletterIssuePage.objects.filter(series=series)
        .live()
        # Issues without a number (older issues) never count as the latest.
        .order_by(F("issue_number").desc(nulls_last=True), "-issue_date")
        .first()
    )


def newsletter_index_for(language: str) -> NewsletterIndexPage:
    locale = Locale.objects.filter(language_code=language).first()
    index = (
        NewsletterIndexPage.objects.filter(locale=locale).order_by("path").first()
        if locale
        else None
    )
    if index is None:
        raise AssemblyError(
            f"There is no newsletter index page in '{language}': create or "
            "translate the newsletter index page first."
        )
    return index


def published_since(page_type: type[Page], language: str, since: datetime):
    """Live pages of ``page_type`` in ``language`` first published after ``since``."""
    return (
        page_type.objects.live()
        .public()
        .filter(locale__language_code=language, first_published_at__gt=since)
        .order_by("first_published_at", "pk")
    )


def start_next_issue(
    series: str, user=None, now: datetime | None = None
) -> AssembledIssue:
    """Create the draft of the next issue of ``series`` under its index page."""
    now = now or timezone.now()
    language = list_language(series)
    index = newsletter_index_for(language)
    previous = previous_issue(series)
    if previous is not None and previous.first_published_at is not None:
        since = previous.first_published_at
    else:
        since = now - timedelta(days=LIST_PERIOD_DAYS[series])
    number = (previous.issue_number or 0) + 1 if previous else 1

    sections: dict[str, list] = {}
    counts: dict[str, int] = {}
    with translation.override(language):
        for block_type, heading, page_type in SECTION_PLAN:
            pages = list(published_since(page_type, language, since))
            counts[page_type.__name__] = len(pages)
            if not pages:
                continue
            sections.setdefault(block_type, []).append(
                {
                    "type": block_type,
                    "id": str(uuid.uuid4()),
                    "value": {
                        "heading": _(heading),
                        "text": "",
                        "items": [
                            {
                                "type": "item",
                                "id": str(uuid.uuid4()),
                                "value": {"page": page.pk, "note": ""},
                            }
                            for page in pages
                        ],
                    },
                }
            )
        foreword = {
            "type": "foreword",
            "id": str(uuid.uuid4()),
            "value": {"heading": _("Foreword"), "text": "", "items": []},
        }
        body = [foreword]
        for block_type in ("activity_news", "forum_and_opinion", "media_reports"):
            body.extend(sections.get(block_type, []))
        title = _("%(series)s No. %(number)s") % {
            "series": ISSUE_NAMES[series],
            "number": number,
        }

    slug = slugify(f"{series}-{number}")
    with transaction.atomic():
        if index.get_children().filter(slug=slug).exists():
            slug = f"{slug}-{uuid.uuid4().hex[:6]}"
        page = NewsletterIssuePage(
            title=str(title),
            slug=slug,
            series=series,
            issue_number=number,
            issue_date=timezone.localdate(now),
            body=body,
            live=False,
            locale=index.locale,
            owner=user,
        )
        index.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
    return AssembledIssue(page=page, since=since, counts=counts)
