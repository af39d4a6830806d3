"""The public side of translation: the language switcher and hreflang follow
what is *published*, not what exists in the admin."""

from __future__ import annotations

from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction
from wagtail_localize.operations import translate_object

from .conftest import translation_of


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_draft_translation_is_not_offered(client, make_publication, editor, locales):
    page = make_publication()
    translate_object(page, [locales["ko"]], user=editor)  # a Korean draft exists
    assert page.get_translation(locales["ko"]).live is False
    html = _html(client, page.url)
    assert 'href="/ko/?untranslated=1" hreflang="ko"' in html
    assert 'rel="alternate" hreflang="ko"' not in html
    # The English page lists itself only.
    assert f'rel="alternate" hreflang="en" href="http://localhost{page.url}"' in html


def test_published_translation_is_offered_both_ways(
    client, make_publication, editor, locales, django_capture_on_commit_callbacks
):
    page = make_publication()
    translate_object(page, [locales["ko"]], user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        translation_of(page).save_target(user=editor, publish=True)
    ko_page = page.get_translation(locales["ko"])
    assert ko_page.live
    en_html = _html(client, page.url)
    ko_html = _html(client, ko_page.url)
    assert f'href="{ko_page.url}" hreflang="ko"' in en_html
    assert f'href="{page.url}" hreflang="en"' in ko_html
    for html in (en_html, ko_html):
        assert f'hreflang="en" href="http://localhost{page.url}"' in html
        assert f'hreflang="ko" href="http://localhost{ko_page.url}"' in html


def test_private_translation_is_not_an_alternate(client, make_standard_page, locales):
    en, ko = make_standard_page("history", "Our history", ko_title="연혁")
    restriction = PageViewRestriction.objects.create(
        page=ko, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Editors"))
    html = client.get(en.url).content.decode()
    assert 'rel="alternate" hreflang="ko"' not in html
    assert 'href="/ko/?untranslated=1"' in html


def test_korean_only_page_falls_back_to_the_english_home(client, home_pages, locales):
    from nkhr_pages.models import StandardPage

    page = StandardPage(
        title="한국어 전용 공지", slug="notice-ko", locale=locales["ko"]
    )
    home_pages["ko"].add_child(instance=page)
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert 'href="/en/?untranslated=1" hreflang="en"' in html
    assert 'rel="alternate" hreflang="en"' not in html


def test_notice_in_each_language(client, home_pages):
    english = client.get("/en/?untranslated=1").content.decode()
    korean = client.get("/ko/?untranslated=1").content.decode()
    assert "not yet available in this language" in english
    assert 'class="notice" role="status"' in korean
    assert "not yet available in this language" not in korean
    assert 'class="notice" role="status"' not in client.get("/ko/").content.decode()
