"""The ranking set on the backend this run is configured with: the page that
answers a query is on the first results page (top 3 for a title match), among
many pages that mention its words more often. All misses are reported at once."""

from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from nkhr_pages.demo import ensure_child_page, ensure_translation
from nkhr_pages.models import CampaignIndexPage, CampaignPage
from tests.search.conftest import rebuild_search_index

from .ranking_cases import AUTOCOMPLETE, CAMPAIGN, NOISE, OTHER_PAGES, RANKED


def test_the_answer_comes_first(make_publication, home_pages, locales):
    for slug, en, ko in [*NOISE, *OTHER_PAGES]:
        make_publication(slug, en, ko)
    campaigns = ensure_child_page(
        home_pages["en"], CampaignIndexPage, "campaigns", {"title": "Campaigns"}
    )
    ensure_translation(campaigns, locales["ko"], {"title": "캠페인"})
    slug, en, ko = CAMPAIGN
    campaign = ensure_child_page(campaigns, CampaignPage, slug, en)
    ensure_translation(campaign, locales["ko"], ko)
    rebuild_search_index()

    failures = []
    for kind, cases in [("search", RANKED), ("autocomplete", AUTOCOMPLETE)]:
        for language, query, expected, within in cases:
            locale = Locale.objects.get(language_code=language)
            pages = Page.objects.live().filter(locale=locale)
            found = getattr(pages, kind)(query)[:10]
            slugs = [page.slug for page in found]
            if expected not in slugs[:within]:
                failures.append(
                    f"{kind} {language}:{query!r}: {expected} not in the first "
                    f"{within} of {slugs}"
                )
    backend = type(get_search_backend()).__name__
    assert not failures, f"{backend}: " + "; ".join(failures)
