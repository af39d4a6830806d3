"""The demo site against the organisation's documents (``seed_facts.py``): every
fact shown is traceable to them, none is dropped, and no date is more precise
than the documents are. Loads the demo once for the module."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils.html import escape

from nkhr_pages import models

from . import seed_facts as seeds

LANGUAGES = ("en", "ko")


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_content", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_site, db):
    return demo_site


def _seed_date(value: str | None) -> tuple[datetime.date | None, str | None]:
    """``"2024"`` -> (2024-01-01, "year"), ``"2024-04"`` -> month, else day."""
    if value is None:
        return None, None
    parts = [int(part) for part in value.split("-")]
    precision = {1: "year", 2: "month", 3: "day"}[len(parts)]
    return datetime.date(*(parts + [1] * (3 - len(parts)))), precision


def _pages(model, language):
    return model.objects.live().filter(locale__language_code=language)


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_events_are_the_reports_with_its_dates(demo, language):
    pages = {page.slug: page for page in _pages(models.EventPage, language)}
    assert set(pages) == set(seeds.EVENTS)  # none dropped, none invented
    for slug, (start, end) in seeds.EVENTS.items():
        page = pages[slug]
        assert (page.start_date, page.date_precision) == _seed_date(start), slug
        assert page.end_date == _seed_date(end)[0], slug


@pytest.mark.parametrize("language", LANGUAGES)
def test_publications_are_the_reports_with_their_dates(demo, language):
    pages = {page.slug: page for page in _pages(models.PublicationPage, language)}
    assert set(pages) == set(seeds.PUBLICATIONS)
    for slug, (kind, date) in seeds.PUBLICATIONS.items():
        page = pages[slug]
        assert page.publication_type == kind, slug
        assert (page.publication_date, page.date_precision) == _seed_date(date), slug


@pytest.mark.parametrize("language", LANGUAGES)
def test_campaigns_cover_the_advocacy_themes_with_only_known_dates(demo, language):
    pages = {page.slug: page for page in _pages(models.CampaignPage, language)}
    assert set(pages) == set(seeds.CAMPAIGNS)
    for slug, (start, end) in seeds.CAMPAIGNS.items():
        page = pages[slug]
        start_date, precision = _seed_date(start)
        assert page.start_date == start_date, slug
        assert page.end_date == _seed_date(end)[0], slug
        if start is not None:
            assert page.date_precision == precision, slug


@pytest.mark.parametrize("language", LANGUAGES)
def test_newsletters_are_the_2024_issues_without_invented_dates_or_numbers(
    demo, language
):
    issues = _pages(models.NewsletterIssuePage, language)
    for series, count in seeds.NEWSLETTERS_2024.items():
        in_series = issues.filter(series=series)
        assert in_series.count() == count
        for issue in in_series:
            assert issue.issue_number is None
            assert issue.date_precision == "year"
            assert issue.issue_date == datetime.date(2024, 1, 1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_programs_and_their_figures(demo, language):
    pages = {page.slug: page for page in _pages(models.ProgramPage, language)}
    assert set(pages) == set(seeds.PROGRAMS)
    for slug, figures in seeds.PROGRAMS.items():
        stored = {
            figure.year: (figure.participants, figure.sessions)
            for figure in pages[slug].yearly_figures.all()
        }
        assert stored == figures, slug
    for slug, kind in seeds.PROGRAM_KINDS.items():
        assert pages[slug].kind == kind


@pytest.mark.parametrize("language", LANGUAGES)
def test_program_pages_show_their_figures_without_empty_columns(demo, client, language):
    html = _html(client, f"/{language}/programs/computer-course/")
    cell = r"<td[^>]*>{}</td>"
    row = r'<th scope="row">2024</th>'
    assert re.search(row + cell.format(318) + cell.format(39), html)
    html = _html(client, f"/{language}/programs/art-therapy/")
    assert re.search(row + cell.format(301) + "</tr>", html)  # no Sessions
    html = _html(client, f"/{language}/programs/refugee-rescue/")
    assert seeds.REFUGEES_RESCUED_IN_ALL in html
    assert re.search(row + cell.format(8) + "</tr>", html)


def test_media_coverage_is_the_reports_69_items(demo):
    english = _pages(models.MediaCoveragePage, "en").select_related("outlet")
    stored = {(p.publication_date.isoformat(), p.outlet.name, p.title) for p in english}
    assert stored == set(seeds.MEDIA_COVERAGE)
    assert len(seeds.MEDIA_COVERAGE) == 69
    assert _pages(models.MediaCoveragePage, "ko").count() == 69


@pytest.mark.parametrize("language", LANGUAGES)
def test_headlines_of_korean_outlets_are_shown_as_translations(demo, client, language):
    """The report gives the Korean outlets' headlines in English: no page may
    present them (or a Korean re-translation) as the outlet's own words."""
    for page in _pages(models.MediaCoveragePage, language).select_related("outlet"):
        english_outlet = page.article_language == "en"
        assert bool(page.published_headline) == english_outlet, page.title
        assert page.shows_published_headline == (english_outlet and language == "en")
    label = {"en": "Translated headline", "ko": "번역한 제목"}[language]
    english_outlet = _pages(models.MediaCoveragePage, language).get(
        publication_date=datetime.date(2024, 12, 1), article_language="en"
    )
    korean_outlet = _pages(models.MediaCoveragePage, language).filter(
        publication_date=datetime.date(2024, 12, 1), article_language="ko"
    )[0]
    assert (label in _html(client, english_outlet.url)) == (language == "ko")
    assert label in _html(client, korean_outlet.url)
    # In the listing, each item is either the outlet's own headline or labelled.
    published = {
        escape(page.published_headline)
        for page in _pages(models.MediaCoveragePage, language)
        if page.shows_published_headline
    }
    listing = _html(client, f"/{language}/in-the-media/")
    items = listing.split('class="coverage-item"')[1:]
    assert items
    for item in items:
        as_published = any(f">{headline}</a></h3>" in item for headline in published)
        assert (label in item) != as_published, item[:300]


@pytest.mark.parametrize("language", LANGUAGES)
def test_partial_dates_are_shown_at_their_precision(demo, client, language):
    html = _html(client, f"/{language}/publications/activity-report-2024/")
    assert '<time datetime="2024-04">' in html
    assert {"en": "April 2024", "ko": "2024년 4월"}[language] in html
    assert "2024-04-01" not in html
    html = _html(client, f"/{language}/campaigns/un-advocacy/")
    assert '<time datetime="1997">' in html
    assert {"en": ">1997<", "ko": ">1997년<"}[language] in html
    html = _html(client, f"/{language}/newsletters/")
    assert 'datetime="2024-01-01"' not in html
    assert html.count('<time datetime="2024">') == 10
    # A year-precision item is in its year's filter, and no 2025 appears.
    html = _html(client, f"/{language}/publications/?year=2024")
    assert "activity-report-2023/" in html
    assert "?year=2025" not in _html(client, f"/{language}/publications/")


def test_feeds_give_year_precision_items_a_date_without_showing_a_day(demo, client):
    xml = _html(client, "/en/feeds/publications/rss/")
    assert "2023 Activity Report" in xml


@pytest.mark.parametrize("language", LANGUAGES)
def test_about_page_in_navigation_with_the_documents_facts(demo, client, language):
    home = _html(client, f"/{language}/")
    header = home.split("</header>")[0]
    assert f'href="/{language}/about/"' in header
    footer = home.split("<footer")[1]
    assert f'href="/{language}/about/"' in footer
    for phone in seeds.PHONES:
        assert phone in footer
    for account in seeds.INSTAGRAM:
        assert f"instagram.com/{account}/" in footer
    about = _html(client, f"/{language}/about/")
    for fact in seeds.ABOUT_YEARS[language] + seeds.ABOUT_NAMES[language]:
        assert fact in about, fact
    heading = {"en": "Our mandate", "ko": "우리의 사명"}[language]
    mandate = about.split(heading)[1].split("<ol>")[1].split("</ol>")[0]
    assert mandate.count("<li>") == seeds.MANDATE_POINTS


@pytest.mark.parametrize("language", LANGUAGES)
def test_donation_page_accounts_and_no_fake_paypal_link(demo, client, language):
    html = _html(client, f"/{language}/donate/")
    for number, swift in seeds.BANK_ACCOUNTS.items():
        assert number in html
        if swift:
            assert swift in html
    for url in seeds.GLOBALGIVING:
        assert url in html
    assert "paypal.com" not in html
    holder = {
        "en": "Citizens' Alliance for North Korean Human Rights (NKHR)",
        "ko": "북한인권시민연합",
    }[language]
    assert html.count(holder.replace("'", "&#x27;")) >= len(seeds.BANK_ACCOUNTS)
    if language == "ko":
        assert (
            "Citizens&#x27; Alliance for North Korean Human Rights (NKHR)"
            not in (html.split('class="bank-accounts"')[1].split("</section>")[0])
        )
    form = html.split('class="donation-form"')[1].split("</form>")[0]
    assert f'href="/{language}/privacy/"' in form


@pytest.mark.parametrize("language", LANGUAGES)
def test_privacy_policy_is_linked_from_the_footer_and_signup_form(
    demo, client, language
):
    html = _html(client, f"/{language}/privacy/")
    assert seeds.EMAIL in html
    assert {"en": "resident registration number", "ko": "주민등록번호"}[language] in (
        html
    )
    signup = html.split('class="newsletter-signup"')[1].split("</form>")[0]
    assert f'href="/{language}/privacy/"' in signup
    footer = html.split("<footer")[1]
    assert footer.count(f'href="/{language}/privacy/"') >= 2  # form and links


def test_korean_names_are_korean(demo, client):
    html = _html(client, "/ko/campaigns/phurora-mapharam/")
    assert seeds.BUREORA_MAPHARAM_KO in html
    assert "푸로라" not in html
    na_neo_ui = _html(client, "/ko/programs/na-neo-ui/")
    assert "2005년 북한이탈 대학생" in na_neo_ui


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_publication_has_a_pdf_in_its_language(demo, client, language):
    from pypdf import PdfReader

    pages = _pages(models.PublicationPage, language).select_related("document")
    assert pages.count() == len(seeds.PUBLICATIONS)
    for page in pages:
        assert page.document is not None, page.slug
        with page.document.file.open("rb") as pdf:
            text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
        # Its own summary, in the page's language (spaces vary with wrapping).
        assert page.summary.split()[0] in text, page.slug
    report = pages.get(slug="made-in-china-report")
    html = _html(client, report.url)
    assert report.document.url in html
    response = client.get(report.document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("language", LANGUAGES)
def test_about_page_links_to_its_pages(demo, client, language):
    html = _html(client, f"/{language}/about/")
    for slug in ("history", "four-movements", "mission"):
        assert f'href="/{language}/about/{slug}/"' in html
