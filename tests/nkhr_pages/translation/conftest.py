"""Fixtures for the translation workflow: roles, people, a publication tree."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from nkhr_pages.demo import ensure_child_page, ensure_translation
from nkhr_pages.models import PublicationIndexPage, PublicationPage
from nkhr_pages.translation.roles import EDITORS, REVIEWERS, ensure_translation_roles

TRANSLATORS = "Korean translators"


@pytest.fixture
def roles(home_pages):
    return ensure_translation_roles()


def _member(username: str, group_name: str):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@nkhr.test", password="not-used"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(roles):
    return _member("editor", EDITORS)


@pytest.fixture
def translator(roles):
    return _member("translator", TRANSLATORS)


@pytest.fixture
def reviewer(roles):
    return _member("reviewer", REVIEWERS)


@pytest.fixture
def people(editor, translator, reviewer):
    return {"editor": editor, "translator": translator, "reviewer": reviewer}


@pytest.fixture
def publication_indexes(home_pages, locales):
    en_index = ensure_child_page(
        home_pages["en"],
        PublicationIndexPage,
        "publications",
        {"title": "Publications"},
    )
    ko_index = ensure_translation(en_index, locales["ko"], {"title": "출판물"})
    return {"en": en_index, "ko": ko_index}


@pytest.fixture
def make_publication(publication_indexes):
    """An English publication, published (facts from the 2024 activity report)."""

    def make(slug="annual-report-2024", title="2024 Activity Report", **fields):
        page = PublicationPage(
            title=title,
            slug=slug,
            locale=publication_indexes["en"].locale,
            publication_type=PublicationPage.PublicationType.ACTIVITY_REPORT,
            publication_date=datetime.date(2025, 2, 28),
            summary=fields.pop(
                "summary", "What NKHR did in 2024 for North Korean human rights."
            ),
            authors=fields.pop(
                "authors", "Citizens' Alliance for North Korean Human Rights"
            ),
            **fields,
        )
        publication_indexes["en"].add_child(instance=page)
        page.save_revision().publish()
        return PublicationPage.objects.get(pk=page.pk)

    return make


def submit_for_translation(client, user, page, locales=("ko",)):
    """Submit ``page`` through wagtail-localize's own view, as ``user``."""
    from wagtail.models import Locale

    client.force_login(user)
    return client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        {"locales": [Locale.objects.get(language_code=code).pk for code in locales]},
    )


def translation_of(page, code="ko"):
    from wagtail_localize.models import Translation

    return Translation.objects.get(
        source__object_id=page.translation_key, target_locale__language_code=code
    )


def untranslated_segments(translation):
    """The string segments of ``translation`` that have no translation yet."""
    from wagtail_localize.models import StringSegment, StringTranslation

    done = StringTranslation.objects.filter(
        locale=translation.target_locale, has_error=False
    ).values_list("translation_of_id", "context_id")
    done = set(done)
    return [
        segment
        for segment in StringSegment.objects.filter(source=translation.source)
        .select_related("string", "context")
        .order_by("order")
        if (segment.string_id, segment.context_id) not in done
    ]


def korean_for(segment) -> str:
    """A stand-in Korean text; slugs stay Latin (wagtail-localize slugifies them)."""
    if segment.context.path == "slug":
        return segment.string.data
    return f"[한국어] {segment.string.data}"


def translate_through_editor_api(client, user, translation):
    """PUT every missing segment through wagtail-localize's string API, as ``user``."""
    client.force_login(user)
    segments = untranslated_segments(translation)
    for segment in segments:
        response = client.put(
            reverse(
                "wagtail_localize:edit_string_translation",
                args=[translation.pk, segment.pk],
            ),
            urlencode({"value": korean_for(segment)}),
            content_type="application/x-www-form-urlencoded",
            HTTP_X_REQUESTED_WITH="XMLHttpRequest",
        )
        assert response.status_code in (200, 201), response.content
    return segments
