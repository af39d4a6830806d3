"""Page privacy (Wagtail's view restrictions) and the full-page cache: a change
of privacy reaches every cached page at once, and private pages are never
stored."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from nkhr_pages.page_cache import CACHE_HEADER, current_generation

PASSWORD_FORM = b"You need a password to access this page."


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.NKHR_PAGE_CACHE_ENABLED = True


@pytest.fixture
def about(make_standard_page):
    en, ko = make_standard_page("about", "About NKHR", ko_title="단체 소개")
    return en, ko


def _cached(client, url: str) -> None:
    """Visit twice: the second visit must be a hit."""
    client.get(url)
    assert client.get(url)[CACHE_HEADER] == "hit", url


def test_a_password_restriction_retires_the_cached_public_copy(client, about):
    en, _ko = about
    _cached(client, "/en/about/")
    PageViewRestriction.objects.create(
        page=en, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    response = client.get("/en/about/")
    assert response.get(CACHE_HEADER) != "hit"
    assert PASSWORD_FORM in response.content
    assert b"About NKHR</h1>" not in response.content


def test_a_restriction_on_an_ancestor_covers_its_subtree_in_each_locale(
    client, make_standard_page
):
    programs, programs_ko = make_standard_page("programs", "Programs", ko_title="사업")
    _en, seoul_ko = make_standard_page(
        "seoul", "Seoul school", ko_title="서울 학교", parent=programs
    )
    # The Korean child lives in the Korean tree, under the Korean parent.
    assert seoul_ko.get_parent().pk == programs_ko.pk
    for url in ("/en/programs/seoul/", "/ko/programs/seoul/"):
        _cached(client, url)

    PageViewRestriction.objects.create(
        page=programs, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get("/en/programs/seoul/").status_code == 302  # to the login
    # The Korean tree has no restriction: served, but rendered afresh (its
    # language alternates and menus changed with the English privacy).
    korean = client.get("/ko/programs/seoul/")
    assert korean.status_code == 200
    assert korean[CACHE_HEADER] == "miss"

    PageViewRestriction.objects.create(
        page=programs_ko, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get("/ko/programs/seoul/").status_code == 302


def test_changing_the_groups_of_a_restriction_retires_cached_pages(client, about):
    en, _ko = about
    restriction = PageViewRestriction.objects.create(
        page=en, restriction_type=PageViewRestriction.GROUPS
    )
    before = current_generation()
    restriction.groups.add(Group.objects.get(name="Editors"))
    assert current_generation() > before
    before = current_generation()
    Group.objects.get(name="Editors").pageviewrestriction_set.remove(restriction)
    assert current_generation() > before


def test_deleting_a_restriction_brings_the_page_back_into_menus(client, about):
    en, _ko = about
    en.show_in_menus = True
    en.save_revision().publish()
    restriction = PageViewRestriction.objects.create(
        page=en, restriction_type=PageViewRestriction.LOGIN
    )
    _cached(client, "/en/")
    assert b'href="/en/about/"' not in client.get("/en/").content
    restriction.delete()
    home = client.get("/en/")
    assert home[CACHE_HEADER] == "miss"
    assert b'href="/en/about/"' in home.content


def test_changing_the_kind_of_restriction_is_seen_at_once(client, about):
    en, _ko = about
    restriction = PageViewRestriction.objects.create(
        page=en, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    assert PASSWORD_FORM in client.get("/en/about/").content
    restriction.restriction_type = PageViewRestriction.LOGIN
    restriction.save()
    assert client.get("/en/about/").status_code == 302


def test_restricted_pages_are_never_stored(client, about):
    en, ko = about
    PageViewRestriction.objects.create(
        page=en, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    PageViewRestriction.objects.create(
        page=ko, restriction_type=PageViewRestriction.LOGIN
    )
    for url in ("/en/about/", "/ko/about/"):
        for _visit in range(2):
            response = client.get(url)
            assert CACHE_HEADER not in response, url
            assert "private" in response["Cache-Control"], url
            assert "public" not in response["Cache-Control"], url


def test_the_generation_is_bumped_again_when_the_change_is_committed(
    about, django_capture_on_commit_callbacks
):
    """A page rendered by another request between the change and its commit
    still saw the old privacy; the bump on commit retires it too."""
    en, _ko = about
    with django_capture_on_commit_callbacks() as callbacks:
        PageViewRestriction.objects.create(
            page=en, restriction_type=PageViewRestriction.LOGIN
        )
    at_change = current_generation()
    assert callbacks
    for callback in callbacks:
        callback()
    assert current_generation() > at_change
