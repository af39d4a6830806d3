"""Every admin listing and chooser answers a search in either locale (issue 18).

A search in the news-outlet chooser (``?q=Yonhap&locale=en``) answered 500: the
chooser filters its search by locale, and the snippet did not declare ``locale``
as a filter field. The routes are taken from the URL configuration, so a snippet,
viewset or report added later is searched here too.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver, reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection

from nkhr_pages.translation.roles import EDITORS, ensure_translation_roles
from tests import factories

# How the names of listing, results and chooser routes end.
LISTING_ENDINGS = ("index", "list", "results", "choose", "chooser", "search", "report")


def _admin_routes(patterns, prefix="", namespace=None):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = (
                    f"{namespace}:{pattern.namespace}"
                    if namespace
                    else pattern.namespace
                )
            yield from _admin_routes(pattern.url_patterns, route, inner)
        elif pattern.name:
            yield route, f"{namespace}:{pattern.name}" if namespace else pattern.name


def listing_url_names() -> list[str]:
    """Admin routes without arguments that list, search or choose something."""
    return sorted(
        {
            name
            for route, name in _admin_routes(get_resolver().url_patterns)
            if route.startswith("admin/")
            and "<" not in route
            and name.rsplit(":", 1)[-1].endswith(LISTING_ENDINGS)
        }
    )


LISTING_URL_NAMES = listing_url_names()

# What editors and translators reach every day: the snippets they pick in
# pages, the media choosers, the page chooser and the page search.
STAFF_URL_NAMES = [
    name
    for name in LISTING_URL_NAMES
    if "nkhr_pages_outlet" in name
    or "nkhr_pages_publicationtopic" in name
    or name.startswith(("wagtailimages", "wagtaildocs"))
    or name.startswith(("wagtailadmin_choose_page", "wagtailadmin_pages:search"))
]


@pytest.fixture
def searchable_content(home_pages, locales):
    """An outlet and a topic in both locales, a page, an image and a document."""
    outlet = factories.OutletFactory(name="Yonhap News Agency")
    ko_outlet = outlet.copy_for_translation(locales["ko"])
    ko_outlet.name = "연합뉴스 Yonhap"
    ko_outlet.save()
    topic = factories.PublicationTopicFactory(name="Yonhap reports", slug="yonhap")
    ko_topic = topic.copy_for_translation(locales["ko"])
    ko_topic.name = "Yonhap 보도"
    ko_topic.save()
    # In the root collection, where the roles' media permissions are granted
    # (the factory's default collection is a second tree root).
    factories.ImageFactory(
        title="Yonhap photo", collection=Collection.get_first_root_node()
    )
    get_document_model().objects.create(
        title="Yonhap article", file=ContentFile(b"text", name="yonhap.txt")
    )
    return {"outlet": outlet, "ko_outlet": ko_outlet}


def _member(username: str, group_name: str):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@nkhr.test", password="not-used"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def staff(home_pages):
    ensure_translation_roles()
    return {
        "editor": _member("editor-en", EDITORS),
        "translator": _member("translator-ko", "Korean translators"),
    }


def test_the_audit_finds_the_choosers_that_failed():
    assert "wagtailsnippetchoosers_nkhr_pages_outlet:choose_results" in (
        LISTING_URL_NAMES
    )
    assert "wagtailsnippets_nkhr_pages_publicationtopic:list_results" in (
        LISTING_URL_NAMES
    )
    assert "wagtailimages_chooser:choose_results" in LISTING_URL_NAMES
    assert "nkhr_pages_consent_report_results" in LISTING_URL_NAMES


def _search_in_both_locales(client, url) -> dict[str, int]:
    return {
        code: client.get(url, {"q": "Yonhap", "locale": code}).status_code
        for code in ("en", "ko")
    }


@pytest.mark.parametrize("url_name", LISTING_URL_NAMES)
def test_every_listing_and_chooser_answers_a_search_in_either_locale(
    client, admin_user, searchable_content, url_name
):
    client.force_login(admin_user)
    assert _search_in_both_locales(client, reverse(url_name)) == {
        "en": 200,
        "ko": 200,
    }


@pytest.mark.parametrize("url_name", STAFF_URL_NAMES)
def test_editors_and_translators_search_their_choosers_in_either_locale(
    client, staff, searchable_content, url_name
):
    for user in staff.values():
        client.force_login(user)
        assert _search_in_both_locales(client, reverse(url_name)) == {
            "en": 200,
            "ko": 200,
        }, user.username


@pytest.mark.parametrize(
    ("language_code", "shown", "hidden"),
    [
        ("en", "Yonhap News Agency", "연합뉴스"),
        ("ko", "연합뉴스 Yonhap", "News Agency"),
    ],
)
def test_outlet_chooser_finds_the_outlet_of_the_chosen_locale(
    admin_client, searchable_content, language_code, shown, hidden
):
    response = admin_client.get(
        reverse("wagtailsnippetchoosers_nkhr_pages_outlet:choose_results"),
        {"q": "Yonhap", "locale": language_code},
    )
    content = response.content.decode()
    assert shown in content
    assert hidden not in content


def test_page_explorer_searches_a_korean_section(
    admin_client, searchable_content, home_pages
):
    response = admin_client.get(
        reverse("wagtailadmin_explore_results", args=[home_pages["ko"].pk]),
        {"q": "Yonhap", "locale": "ko"},
    )
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["editor", "translator"])
def test_editors_and_translators_find_images_in_the_image_chooser(
    client, staff, searchable_content, role
):
    """Both roles may add and choose images: the grant is on Wagtail's image
    permissions, which Wagtail checks for the project's image model too."""
    client.force_login(staff[role])
    response = client.get(
        reverse("wagtailimages_chooser:choose_results"), {"q": "Yonhap"}
    )
    assert "Yonhap photo" in response.content.decode()
