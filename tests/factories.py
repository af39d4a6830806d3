"""Factories for the page types and snippets of nkhr_pages (wagtail-factories).

Pages need a ``parent`` (e.g. ``parent=home_pages["en"]``); their locale follows
the parent's. Use ``translate()`` for the Korean translation of a page.
"""

from __future__ import annotations

import datetime
from typing import Any

import factory
import wagtail_factories
from wagtail.models import Locale, Page

from nkhr_pages import models

__all__ = [
    "CampaignIndexPageFactory",
    "CampaignPageFactory",
    "EventIndexPageFactory",
    "EventPageFactory",
    "ImageFactory",
    "MediaCoverageIndexPageFactory",
    "MediaCoveragePageFactory",
    "NewsletterIndexPageFactory",
    "NewsletterIssuePageFactory",
    "OutletFactory",
    "ProgramIndexPageFactory",
    "ProgramPageFactory",
    "PublicationIndexPageFactory",
    "PublicationPageFactory",
    "PublicationTopicFactory",
    "translate",
]


def translate(page: Page, language_code: str, **fields: Any) -> Page:
    """A published translation of ``page`` (its parent must be translated)."""
    locale = Locale.objects.get(language_code=language_code)
    translation = page.copy_for_translation(locale, copy_parents=False, alias=False)
    translation = translation.specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    translation.save_revision().publish()
    return type(translation).objects.get(pk=translation.pk)


def _default_locale():
    return Locale.get_default()


class ImageFactory(wagtail_factories.ImageFactory):
    class Meta:
        model = models.ProtectedImage

    title = factory.Sequence(lambda n: f"Photo {n}")
    description = factory.LazyAttribute(lambda obj: f"Alt text of {obj.title}")
    description_ko = factory.LazyAttribute(lambda obj: f"{obj.title} 대체 텍스트")
    file = factory.django.ImageField(width=64, height=48, color="blue")


class PublicationTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PublicationTopic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    locale = factory.LazyFunction(_default_locale)


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Outlet

    name = factory.Sequence(lambda n: f"Outlet {n}")
    locale = factory.LazyFunction(_default_locale)


def _setter(name: str):
    """Post-generation hook for a ParentalManyToManyField: ``name=[...]``."""

    def set_values(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, name).set(extracted)
            obj.save()

    return set_values


class _PageFactory(wagtail_factories.PageFactory):
    class Meta:
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Page {n}")


class PublicationIndexPageFactory(_PageFactory):
    class Meta:
        model = models.PublicationIndexPage

    title = "Publications"


class PublicationPageFactory(_PageFactory):
    class Meta:
        model = models.PublicationPage

    title = factory.Sequence(lambda n: f"Report {n}")
    publication_type = models.publications.PublicationType.RESEARCH_REPORT
    publication_date = datetime.date(2024, 11, 29)
    summary = "A report on forced labour."

    topics = factory.PostGeneration(_setter("topics"))
    related_campaigns = factory.PostGeneration(_setter("related_campaigns"))


class MediaCoverageIndexPageFactory(_PageFactory):
    class Meta:
        model = models.MediaCoverageIndexPage

    title = "In the media"


class MediaCoveragePageFactory(_PageFactory):
    class Meta:
        model = models.MediaCoveragePage

    title = factory.Sequence(lambda n: f"Headline {n}")
    publication_date = datetime.date(2024, 11, 29)
    outlet = factory.SubFactory(OutletFactory)
    article_language = "ko"

    related_campaigns = factory.PostGeneration(_setter("related_campaigns"))


class CampaignIndexPageFactory(_PageFactory):
    class Meta:
        model = models.CampaignIndexPage

    title = "Campaigns"


class CampaignPageFactory(_PageFactory):
    class Meta:
        model = models.CampaignPage

    title = factory.Sequence(lambda n: f"Campaign {n}")
    status = models.CampaignPage.Status.ONGOING
    start_date = datetime.date(2024, 1, 1)
    summary = "Holding supply chains to account."


class NewsletterIndexPageFactory(_PageFactory):
    class Meta:
        model = models.NewsletterIndexPage

    title = "Newsletters"


class NewsletterIssuePageFactory(_PageFactory):
    class Meta:
        model = models.NewsletterIssuePage

    title = factory.Sequence(lambda n: f"Newsletter {n}")
    series = models.NewsletterSeries.ENGLISH_FNN
    issue_number = factory.Sequence(lambda n: n + 1)
    issue_date = datetime.date(2024, 12, 1)
    related_campaigns = factory.PostGeneration(_setter("related_campaigns"))


class ProgramIndexPageFactory(_PageFactory):
    class Meta:
        model = models.ProgramIndexPage

    title = "Programs"


class ProgramPageFactory(_PageFactory):
    class Meta:
        model = models.ProgramPage

    title = factory.Sequence(lambda n: f"Program {n}")
    kind = models.ProgramPage.Kind.EDUCATION
    summary = "Weekend classes for young resettlers."


class EventIndexPageFactory(_PageFactory):
    class Meta:
        model = models.EventIndexPage

    title = "Events"


class EventPageFactory(_PageFactory):
    class Meta:
        model = models.EventPage

    title = factory.Sequence(lambda n: f"Event {n}")
    start_date = datetime.date(2024, 11, 26)
    location = "Seoul"
    related_campaigns = factory.PostGeneration(_setter("related_campaigns"))
