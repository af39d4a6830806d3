"""Page types, snippets and the site's image model, one module per content area."""

from .home import HomePage
from .images import ProtectedImage, ProtectedRendition
from .site_settings import OrganisationSettings
from .standard import StandardPage

__all__ = [
    "HomePage",
    "OrganisationSettings",
    "ProtectedImage",
    "ProtectedRendition",
    "StandardPage",
]
