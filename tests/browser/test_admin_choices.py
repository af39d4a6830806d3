"""A Korean editor finds a campaign among many by typing part of its title in
the page editor's "related campaigns" list, ticks it and saves (issue 18)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile

from nkhr_pages.models import PublicationPage
from tests import factories

from .conftest import DESKTOP

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CAMPAIGNS = [
    ("Stop forced repatriation", "강제북송 중단"),
    ("Free the political prisoners", "정치범 석방"),
    ("Bring the abductees home", "납북자 송환"),
    ("Remember the separated families", "이산가족 상봉"),
    ("Justice for forced labour", "강제노동 책임 규명"),
]


@pytest.fixture(autouse=True)
def no_autosave(settings):
    """Wagtail's autosave posts the form half a second after each tick; on the
    test server's SQLite its write can meet the Save button's and answer 503
    (database locked) or 400 (conflict). Autosave is not under test here."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


@pytest.fixture
def korean_publication(live_server, home_pages):
    """A publication written in Korean, and five campaigns in both languages."""
    section = factories.CampaignIndexPageFactory(parent=home_pages["en"])
    factories.translate(section, "ko", title="캠페인")
    korean = {}
    for english, title in CAMPAIGNS:
        campaign = factories.CampaignPageFactory(parent=section, title=english)
        korean[title] = factories.translate(campaign, "ko", title=title)
    publications = factories.PublicationIndexPageFactory(parent=home_pages["en"])
    korean_publications = factories.translate(publications, "ko", title="간행물")
    page = factories.PublicationPageFactory(
        parent=korean_publications, title="2024 북한인권 보고서"
    )
    page.save_revision().publish()
    return page, korean


def _log_in_in_korean(page) -> None:
    user = get_user_model().objects.create_superuser(
        "editor-ko", "editor-ko@nkhr.test", "correct horse"
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ko"
    profile.save()
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill("editor-ko")
    page.locator("input[name=password]").fill("correct horse")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_a_korean_editor_finds_and_ticks_a_campaign(open_page, korean_publication):
    publication, korean = korean_publication
    page, console = open_page(DESKTOP)
    _log_in_in_korean(page)
    page.goto(f"/admin/pages/{publication.pk}/edit/")
    page.get_by_role("tab", name="관련 항목").click()

    search = page.get_by_role("searchbox", name="캠페인 검색")
    campaigns = page.get_by_role("group", name="관련 캠페인")
    assert search.is_visible()
    assert campaigns.get_by_role("checkbox").count() == len(CAMPAIGNS)

    # Korean, spaced differently from the title: one campaign left in view.
    search.fill("강제 북송")
    visible = campaigns.get_by_role("checkbox")
    assert visible.count() == 1
    assert visible.first.is_visible()
    status = page.locator("#id_related_campaigns-count")
    status.wait_for(state="visible")
    assert "5개 중 1개 표시" in status.inner_text()
    # Enter does not submit the page form: the page is not reloaded.
    page.evaluate("window.nkhrStillHere = true")
    search.press("Enter")
    page.wait_for_timeout(500)
    assert page.evaluate("window.nkhrStillHere === true")

    # Down arrow to the item, space to tick it.
    search.press("ArrowDown")
    chosen = campaigns.get_by_role("checkbox", name="강제북송 중단")
    assert chosen.evaluate("element => element === document.activeElement")
    page.keyboard.press("Space")
    assert chosen.is_checked()

    # The English title finds a Korean campaign too, case ignored; the ticked
    # one stays in view.
    search.fill("ABDUCTEES")
    assert campaigns.get_by_role("checkbox").count() == 2
    campaigns.get_by_role("checkbox", name="납북자 송환").check()
    search.press("Escape")
    assert search.input_value() == ""
    assert campaigns.get_by_role("checkbox").count() == len(CAMPAIGNS)

    page.get_by_role("button", name="초안 저장").click()
    page.wait_for_load_state("networkidle")
    assert "페이지가 수정되었습니다" in page.locator(".messages").inner_text()
    stored = PublicationPage.objects.get(pk=publication.pk)
    draft = stored.get_latest_revision_as_object()
    assert {c.pk for c in draft.related_campaigns.all()} == {
        korean["강제북송 중단"].pk,
        korean["납북자 송환"].pk,
    }
    # Back in the editor: the chosen campaigns come first, ticked.
    page.get_by_role("tab", name="관련 항목").click()
    boxes = page.get_by_role("group", name="관련 캠페인").get_by_role("checkbox")
    assert [boxes.nth(i).is_checked() for i in range(len(CAMPAIGNS))] == [
        True,
        True,
        False,
        False,
        False,
    ]
    assert console.take() == []
