"""The composed home page in a real browser: no serious or critical axe-core
violation, nothing sticking out at 360, 768 and 1280 px, in both languages; a
first visit downloads under 150 KB besides images; the "do not identify"
illustration shows as the placeholder (test-artifacts/screenshots/home-*)."""

from __future__ import annotations

import pytest

from .conftest import axe_violations, screenshot

pytestmark = [
    pytest.mark.browser,
    # Like every browser test: the live server sees committed rows, and the
    # database is put back as migrations left it for the tests after this one.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {"phone": 360, "tablet": 768, "desktop": 1280}
BUDGET_BYTES = 150 * 1024  # HTML, CSS, JS and fonts; images excluded


@pytest.fixture
def composed_home(site_content, settings):
    from nkhr_pages.demo_home import load_home
    from nkhr_pages.models import CampaignPage, ProtectedImage

    settings.NKHR_PICTURE_FORMATS = ("webp",)  # AVIF: its own test, and slow here
    load_home()
    # The placeholder shows where an image may not be shown.
    figures = ProtectedImage.objects.get(do_not_identify=True)
    for campaign in CampaignPage.objects.all():
        campaign.hero_image = figures
        campaign.save_revision().publish()
    return site_content


def test_home_in_both_languages_at_three_widths(composed_home, open_page, axe_source):
    problems: dict[str, object] = {}
    for language in ("en", "ko"):
        for name, width in WIDTHS.items():
            page, console = open_page({"width": width, "height": 900})
            transferred = []

            def count(response, transferred=transferred):
                if response.request.resource_type in {
                    "document",
                    "stylesheet",
                    "script",
                    "font",
                }:
                    transferred.append(len(response.body()))

            page.on("response", count)
            response = page.goto(f"/{language}/", wait_until="networkidle")
            label = f"{language} {name}"
            assert response.status == 200, label
            assert page.get_attribute("html", "lang") == language
            assert page.locator("main h1").count() == 1, label
            assert page.locator(".hero--home img[fetchpriority=high]").count() == 1
            assert page.locator(".card .image-placeholder").count() >= 1, label
            if sum(transferred) > BUDGET_BYTES:
                problems[f"{label} bytes"] = sum(transferred)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - window.innerWidth"
            )
            if overflow > 0:
                problems[f"{label} overflow"] = f"{overflow}px"
            if name == "desktop" and (violations := axe_violations(page, axe_source)):
                problems[f"{label} axe"] = violations
            if errors := console.take():
                problems[f"{label} console"] = errors
            screenshot(page, f"home-composed-{language}-{name}")
    assert not problems, problems
