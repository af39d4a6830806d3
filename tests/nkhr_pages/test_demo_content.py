"""The demo loader: builds the bilingual site from the seed facts, idempotently."""

import csv
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Locale, Page, PageLogEntry, Revision, Site

from nkhr_pages import models
from nkhr_pages.demo_content import MEDIA_COVERAGE_CSV
from nkhr_pages.models import HomePage, OrganisationSettings, StandardPage
from nkhr_pages.queries import campaign_timeline


def _snapshot():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        models.Outlet.objects.count(),
        models.PublicationTopic.objects.count(),
        sorted(Page.objects.values_list("url_path", "title", "live")),
    )


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """Load the demo once for this module (it takes a while), inside a
    transaction that is rolled back afterwards; each test runs in a savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_content", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_site, db):
    return demo_site


def test_loader_is_idempotent(demo):
    before = _snapshot()
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    assert _snapshot() == before
    assert "created" not in out.getvalue()


def test_every_page_exists_in_both_locales_as_translations(demo):
    en, ko = (
        Locale.objects.get(language_code="en"),
        Locale.objects.get(language_code="ko"),
    )
    english_pages = Page.objects.filter(locale=en, depth__gte=2)
    assert english_pages.count() >= 5
    for page in english_pages:
        translation = page.get_translation_or_none(ko)
        assert translation is not None, f"{page.title} has no Korean translation"
        assert translation.live
        assert translation.translation_key == page.translation_key
        assert translation.title != page.title  # written in Korean, not copied


def test_site_root_and_about_section(demo):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    about = home.get_children().get(slug="about").specific
    assert isinstance(about, StandardPage)
    assert set(about.get_children().values_list("slug", flat=True)) == {
        "history",
        "four-movements",
        "mission",
    }


def test_organisation_details_come_from_the_seeds(demo):
    org = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    assert "Golden Tower" in org.address_en
    assert org.phone == "+82-2-723-1672"
    assert org.facebook_url.endswith("nkhumanrights")


def test_demo_site_serves_both_languages(demo, client):
    en = client.get("/en/about/four-movements/")
    ko = client.get("/ko/about/four-movements/")
    assert en.status_code == ko.status_code == 200
    assert "A peaceful movement" in en.content.decode()
    assert "평화운동" in ko.content.decode()


@pytest.mark.parametrize(
    ("model", "minimum"),
    [
        (models.CampaignPage, 4),
        (models.PublicationPage, 4),
        (models.MediaCoveragePage, 69),
        (models.NewsletterIssuePage, 3),
        (models.ProgramPage, 6),
        (models.EventPage, 3),
    ],
)
def test_every_content_type_has_demo_pages_in_both_locales(demo, model, minimum):
    for code in ("en", "ko"):
        assert model.objects.live().filter(locale__language_code=code).count() >= (
            minimum
        )


def test_section_pages_are_in_the_menu(demo):
    home = Site.objects.get(is_default_site=True).root_page
    in_menu = set(home.get_children().in_menu().values_list("slug", flat=True))
    assert {
        "campaigns",
        "publications",
        "in-the-media",
        "newsletters",
        "programs",
        "events",
    } <= in_menu


def test_layout_calls_to_action_lead_to_the_demo_pages(demo, client):
    """The header/footer Donate and newsletter links go to the donation page and
    the newsletter archive, in the visitor's language."""
    for language in ("en", "ko"):
        html = client.get(f"/{language}/").content.decode()
        assert f'href="/{language}/donate/"' in html
        assert f'href="/{language}/newsletters/"' in html


def test_all_69_media_coverage_rows_are_imported(demo):
    with MEDIA_COVERAGE_CSV.open(encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    assert len(rows) == 69
    english = models.MediaCoveragePage.objects.filter(locale__language_code="en")
    titles = set(english.values_list("title", flat=True))
    assert {row["headline"] for row in rows} <= titles
    yonhap_ko = models.MediaCoveragePage.objects.filter(
        locale__language_code="ko", outlet__name="연합뉴스"
    )
    assert yonhap_ko.exists()


def test_campaign_timeline_is_filled(demo, client):
    campaign = models.CampaignPage.objects.get(
        locale__language_code="en", slug="made-in-china"
    )
    kinds = {entry.kind for entry in campaign_timeline(campaign)}
    # The documents say nothing of what each newsletter issue contained.
    assert kinds == {"publication", "media_coverage", "event"}
    html = client.get("/ko/campaigns/made-in-china/").content.decode()
    assert "550,000" in html
    assert "메이드 인 차이나: 글로벌 공급망" in html


@pytest.mark.parametrize(
    "url",
    [
        "/en/campaigns/",
        "/ko/campaigns/phurora-mapharam/",
        "/en/publications/?type=research_report",
        "/ko/publications/activity-report-2024/",
        "/en/in-the-media/?year=2024",
        "/ko/in-the-media/",
        "/en/newsletters/fnn-2024-winter/",
        "/ko/newsletters/newsletter-2024-6/",
        "/en/privacy/",
        "/ko/programs/refugee-rescue/",
        "/ko/newsletters/",
        "/en/programs/na-neo-ui/",
        "/ko/programs/firefly-mentoring/",
        "/en/events/healing-concert-2024/",
        "/ko/events/",
        "/ko/feeds/publications/rss/",
        "/en/feeds/media-coverage/atom/",
        "/sitemap.xml",
    ],
)
def test_demo_pages_render(demo, client, url):
    assert client.get(url).status_code == 200
