"""Access to the real services that scripts/test starts (PostgreSQL, Elasticsearch,
stripe-mock, Chromium). A test that needs one calls ``require_service``: when the
service is missing it is skipped with a loud reason, except under CI=true where
a missing service is a failure."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def require_service(env_var: str, what: str) -> str:
    value = os.environ.get(env_var, "").strip()
    if value:
        return value
    service_missing(
        f"{what} is not available ({env_var} is not set). "
        "Run the suite with scripts/test, which starts it."
    )


def service_missing(message: str) -> NoReturn:
    """Skip loudly; under CI=true, fail."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true: {message}")
    pytest.skip(f"SERVICE MISSING: {message}")
