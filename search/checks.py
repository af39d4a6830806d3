"""System checks: what the search app needs from the project.

A host that misses a companion app hears it from ``manage.py check`` (and
``migrate``, ``runserver``), not from a traceback on a visitor's search.
docs/apps.md writes the same contract out for people.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.apps import apps
from django.core.checks import CheckMessage, Error, register

DOCS = "See docs/apps.md of the NKHR bundle."

# (companion, what it is needed for)
COMPANIONS: Sequence[tuple[str, str]] = (
    ("wagtail.search", "the search index and backends"),
    ("wagtail.contrib.search_promotions", "editors' picks shown above the results"),
)


def register_checks() -> None:
    register(check_companion_apps)


def check_companion_apps(app_configs=None, **kwargs) -> list[CheckMessage]:
    return [
        Error(
            f"search needs {name!r} in INSTALLED_APPS ({purpose}).",
            hint=f"Add {name!r} to INSTALLED_APPS. {DOCS}",
            id="nkhr_search.E001",
        )
        for name, purpose in COMPANIONS
        if not apps.is_installed(name)
    ]
