"""The two mailing lists are the two newsletter series; each has one language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from nkhr_pages.models import NewsletterSeries

MailingList = NewsletterSeries

LIST_LANGUAGES: dict[str, str] = {
    NewsletterSeries.KOREAN_BIMONTHLY: "ko",
    NewsletterSeries.ENGLISH_FNN: "en",
}
# Our own wording, so that the sign-up form and emails are complete in both
# languages whatever the page models' catalogue holds.
LIST_CHOICES = [
    (NewsletterSeries.KOREAN_BIMONTHLY, _("Bi-monthly newsletter in Korean")),
    (NewsletterSeries.ENGLISH_FNN, _("FNN, the quarterly email newsletter in English")),
]
ISSUE_NAMES = {
    NewsletterSeries.KOREAN_BIMONTHLY: _("North Korean Human Rights Newsletter"),
    NewsletterSeries.ENGLISH_FNN: _("FNN"),
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
    return str(dict(LIST_CHOICES)[mailing_list])
