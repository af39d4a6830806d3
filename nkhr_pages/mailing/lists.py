"""The two mailing lists are the two newsletter series; each has one language."""

from __future__ import annotations

from nkhr_pages.models import NewsletterSeries

MailingList = NewsletterSeries

LIST_LANGUAGES: dict[str, str] = {
    NewsletterSeries.KOREAN_BIMONTHLY: "ko",
    NewsletterSeries.ENGLISH_FNN: "en",
}
# How far back "start the next issue" looks when a series has no previous issue.
LIST_PERIOD_DAYS: dict[str, int] = {
    NewsletterSeries.KOREAN_BIMONTHLY: 61,
    NewsletterSeries.ENGLISH_FNN: 92,
}


def list_language(mailing_list: str) -> str:
    """The language every email of ``mailing_list`` is written in."""
    return LIST_LANGUAGES[mailing_list]


def list_label(mailing_list: str) -> str:
    return str(NewsletterSeries(mailing_list).label)
