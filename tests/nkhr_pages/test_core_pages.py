"""Home and standard pages in both locales, the language switcher, hreflang, 404s."""

import pytest


@pytest.fixture
def about(make_standard_page):
    return make_standard_page(
        "about",
        "About NKHR",
        ko_title="북한인권시민연합 소개",
        introduction="Founded in Seoul in 1996.",
    )


def test_root_redirects_to_a_language(client, home_pages):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    korean = client.get("/", HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9")
    assert korean["Location"] == "/ko/"


@pytest.mark.parametrize(
    ("url", "lang", "title"),
    [("/en/", "en", "NKHR home"), ("/ko/", "ko", "북한인권시민연합 홈")],
)
def test_home_page_in_each_locale(client, home_pages, url, lang, title):
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in html
    assert f"<h1>{title}</h1>" in html


def test_about_page_in_both_locales(client, about):
    en = client.get("/en/about/").content.decode()
    ko = client.get("/ko/about/").content.decode()
    assert "<h1>About NKHR</h1>" in en
    assert "<h1>북한인권시민연합 소개</h1>" in ko
    assert 'lang="ko"' in ko


def test_switcher_links_to_the_translation_of_the_same_page(client, about):
    html = client.get("/en/about/").content.decode()
    assert 'href="/ko/about/" hreflang="ko"' in html
    html = client.get("/ko/about/").content.decode()
    assert 'href="/en/about/" hreflang="en"' in html


def test_switcher_falls_back_to_home_with_notice_when_untranslated(
    client, make_standard_page
):
    make_standard_page("statement", "Statement only in English")
    html = client.get("/en/statement/").content.decode()
    assert 'href="/ko/?untranslated=1"' in html
    notice = client.get("/ko/?untranslated=1").content.decode()
    assert 'role="status"' in notice


def test_hreflang_lists_only_live_translations(client, about):
    _en, ko = about
    html = client.get("/en/about/").content.decode()
    assert 'hreflang="ko" href="http://localhost/ko/about/"' in html
    ko.unpublish()
    html = client.get("/en/about/").content.decode()
    assert 'rel="alternate" hreflang="ko"' not in html
    assert 'href="/ko/?untranslated=1"' in html


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/en/no-such-page/", "Page not found"),
        ("/ko/no-such-page/", "페이지를 찾을 수 없습니다"),
    ],
)
def test_404_in_both_languages(client, home_pages, url, text):
    response = client.get(url)
    assert response.status_code == 404
    assert text in response.content.decode()


def test_footer_shows_organisation_details(client, home_pages):
    from wagtail.models import Site

    from nkhr_pages.models import OrganisationSettings

    org = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    org.phone = "+82-2-723-1672"
    org.facebook_url = "https://www.facebook.com/nkhumanrights"
    org.address_ko = "서울특별시 서대문구 충정로 53"
    org.save()
    ko = client.get("/ko/").content.decode()
    assert "+82-2-723-1672" in ko
    assert "facebook.com/nkhumanrights" in ko
    assert "충정로 53" in ko
