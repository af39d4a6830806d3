"""Page types, snippets and the site's image model, one module per content area."""

from .calls_to_action import CallToActionSettings
from .campaigns import CampaignIndexPage, CampaignPage
from .covers import PublicationCover
from .documents import DocumentPageText, DocumentTextExtraction, DocumentTextMixin
from .events import EventIndexPage, EventPage
from .home import HomePage
from .images import ProtectedImage, ProtectedRendition
from .imports import MediaCoverageImport
from .media_coverage import MediaCoverageIndexPage, MediaCoveragePage
from .newsletters import NewsletterIndexPage, NewsletterIssuePage, NewsletterSeries
from .programs import ProgramIndexPage, ProgramPage, ProgramYearFigure
from .publications import PublicationIndexPage, PublicationPage
from .site_settings import OrganisationSettings
from .standard import StandardPage
from .taxonomy import Outlet, PublicationTopic

__all__ = [
    "CallToActionSettings",
    "CampaignIndexPage",
    "CampaignPage",
    "DocumentPageText",
    "DocumentTextExtraction",
    "DocumentTextMixin",
    "EventIndexPage",
    "EventPage",
    "HomePage",
    "MediaCoverageImport",
    "MediaCoverageIndexPage",
    "MediaCoveragePage",
    "NewsletterIndexPage",
    "NewsletterIssuePage",
    "NewsletterSeries",
    "OrganisationSettings",
    "Outlet",
    "ProgramIndexPage",
    "ProgramPage",
    "ProgramYearFigure",
    "ProtectedImage",
    "ProtectedRendition",
    "PublicationCover",
    "PublicationIndexPage",
    "PublicationPage",
    "PublicationTopic",
    "StandardPage",
]
