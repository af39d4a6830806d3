"""The demo's composed home page and illustrations (``nkhr_pages.demo_home``),
on a small tree built here rather than the whole demo."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from wagtail.models import Revision

from nkhr_pages.demo import FIXTURES
from nkhr_pages.demo_home import load_home
from nkhr_pages.models import ProtectedImage
from tests import factories

SEEDS = Path("/work/shared/seeds")
NUMBER_WORDS = {"8": "eight", "12": "twelve"}


@pytest.fixture(autouse=True)
def _webp_only(settings):
    settings.NKHR_PICTURE_FORMATS = ("webp",)


@pytest.fixture
def tree(home_pages, make_section, make_standard_page):
    make_standard_page("about", "About NKHR", "단체 소개")
    campaigns, ko_campaigns = make_section(
        factories.CampaignIndexPageFactory, "Campaigns", "캠페인", slug="campaigns"
    )
    made = {}
    for slug in ("made-in-china", "enforced-disappearances"):
        page = factories.CampaignPageFactory(parent=campaigns, slug=slug, title=slug)
        page.save_revision().publish()
        made[slug] = (page, factories.translate(page, "ko", title=f"{slug} ko"))
    return made


def test_home_is_composed_in_both_languages(client, tree, home_pages):
    load_home()
    en = home_pages["en"].specific_class.objects.get(pk=home_pages["en"].pk)
    ko = home_pages["ko"].specific_class.objects.get(pk=home_pages["ko"].pk)
    assert [block.block_type for block in en.body][:2] == ["hero", "featured_campaigns"]
    # Pages are referred to in each page's own language.
    campaigns = [page.pk for page in ko.body[1].value["campaigns"]]
    assert campaigns == [
        tree["made-in-china"][1].pk,
        tree["enforced-disappearances"][1].pk,
    ]
    html = client.get("/ko/").content.decode()
    assert "1996년부터 북한 인권에 빛을 비춥니다" in html
    assert 'fetchpriority="high"' in html  # the hero's illustration


def test_do_not_identify_illustration_shows_the_placeholder(client, tree):
    load_home()
    figures = ProtectedImage.objects.get(do_not_identify=True)
    campaign = tree["enforced-disappearances"][0]
    campaign.refresh_from_db()
    assert campaign.hero_image == figures
    html = client.get("/en/").content.decode()
    assert "image-placeholder" in html
    assert figures.file.name.rsplit("/", 1)[-1].split(".")[0] not in html
    # The other campaign's illustration is shown.
    assert html.count("<picture") >= 2


def test_loading_twice_changes_nothing(tree):
    load_home()
    counts = (Revision.objects.count(), ProtectedImage.objects.count())
    load_home()
    assert (Revision.objects.count(), ProtectedImage.objects.count()) == counts


def test_impact_figures_come_from_the_activity_report():
    reports = sorted(SEEDS.glob("004_*.txt"))
    if not reports:
        pytest.skip("The seed documents are not on this machine.")
    report = reports[0].read_text(encoding="utf-8")
    data = json.loads((FIXTURES / "home.json").read_text(encoding="utf-8"))
    figures = [
        item["figure"]
        for block in data["en"]
        if block["type"] == "impact_figures"
        for item in block["value"]["figures"]
    ]
    assert figures
    for figure in figures:
        word = NUMBER_WORDS.get(figure, figure)
        assert re.search(rf"\b({re.escape(figure)}|{word})\b", report), figure
