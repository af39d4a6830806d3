"""The demo loader: builds the bilingual site from the seed facts, idempotently."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page, PageLogEntry, Revision, Site

from nkhr_pages.models import HomePage, OrganisationSettings, StandardPage


def _snapshot():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        sorted(Page.objects.values_list("url_path", "title", "live")),
    )


@pytest.fixture
def demo_site(db):
    call_command("load_demo_content", stdout=io.StringIO())


def test_loader_is_idempotent(demo_site):
    before = _snapshot()
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    assert _snapshot() == before
    assert "created" not in out.getvalue()


def test_every_page_exists_in_both_locales_as_translations(demo_site):
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


def test_site_root_and_about_section(demo_site):
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


def test_organisation_details_come_from_the_seeds(demo_site):
    org = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    assert "Golden Tower" in org.address_en
    assert org.phone == "+82-2-723-1672"
    assert org.facebook_url.endswith("nkhumanrights")


def test_demo_site_serves_both_languages(demo_site, client):
    en = client.get("/en/about/four-movements/")
    ko = client.get("/ko/about/four-movements/")
    assert en.status_code == ko.status_code == 200
    assert "A peaceful movement" in en.content.decode()
    assert "평화운동" in ko.content.decode()
