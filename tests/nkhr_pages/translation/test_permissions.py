"""The permission matrix, role x action x locale, through the real admin URLs.

Where a role has no right the answer is a 403 (never a 500); where it has,
the page loads (200) or the action goes through (a redirect and its effect).

Wagtail's admin answers a refused *browser* navigation with a redirect to the
dashboard and "Sorry, you do not have permission..." (``require_admin_access``)
and a refused script request (``X-Requested-With: XMLHttpRequest``, as the
admin's own JavaScript sends) with a plain 403. The matrix sends the header so
that a refusal is a 403 status; ``test_browser_gets_the_permission_message``
covers the browser form of the same refusal.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from nkhr_pages.models import Outlet, PublicationTopic

from .conftest import submit_for_translation

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture
def pair(client, editor, make_publication):
    """An English publication submitted for Korean translation (as the editor)."""
    en = make_publication()
    response = submit_for_translation(client, editor, en)
    assert response.status_code == 302
    ko = en.get_translation(Locale.objects.get(language_code="ko")).specific
    client.logout()
    return {"en": en, "ko": ko}


def _page_url(action, page):
    return reverse(f"wagtailadmin_pages:{action}", args=[page.pk])


PAGE_MATRIX = [
    # (role, action, locale, expected status)
    ("editor", "edit", "en", 200),
    ("editor", "edit", "ko", 403),
    ("editor", "delete", "en", 200),
    ("editor", "delete", "ko", 403),
    ("editor", "unpublish", "en", 200),
    ("translator", "edit", "en", 403),
    ("translator", "edit", "ko", 200),
    ("translator", "delete", "en", 403),
    ("translator", "unpublish", "en", 403),
    ("translator", "copy", "en", 403),
    ("reviewer", "edit", "en", 403),
    ("reviewer", "edit", "ko", 200),
    ("reviewer", "delete", "en", 403),
]


@pytest.mark.parametrize(("role", "action", "locale", "expected"), PAGE_MATRIX)
def test_page_matrix(client, people, pair, role, action, locale, expected):
    client.force_login(people[role])
    response = client.get(_page_url(action, pair[locale]), **XHR)
    assert response.status_code == expected


@pytest.mark.parametrize(
    "url_for",
    [
        lambda pair, topic: _page_url("edit", pair["en"]),
        lambda pair, topic: _snippet_url(PublicationTopic, "edit", topic.pk),
    ],
    ids=["english-page", "english-topic"],
)
def test_browser_gets_the_permission_message(
    client, translator, pair, locales, url_for
):
    topic = PublicationTopic.objects.create(
        locale=locales["en"], name="Political prisoners", slug="political-prisoners"
    )
    client.force_login(translator)
    response = client.get(url_for(pair, topic), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0] == (reverse("wagtailadmin_home"), 302)
    assert "Sorry, you do not have permission" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "expected"), [("editor", 200), ("translator", 403), ("reviewer", 403)]
)
def test_adding_english_pages(client, people, publication_indexes, role, expected):
    client.force_login(people[role])
    url = reverse(
        "wagtailadmin_pages:add",
        args=["nkhr_pages", "publicationpage", publication_indexes["en"].pk],
    )
    assert client.get(url, **XHR).status_code == expected


def test_translator_cannot_add_korean_pages_from_scratch(
    client, translator, publication_indexes
):
    client.force_login(translator)
    url = reverse(
        "wagtailadmin_pages:add",
        args=["nkhr_pages", "publicationpage", publication_indexes["ko"].pk],
    )
    assert client.get(url, **XHR).status_code == 403


def test_editor_publishes_english_and_translator_cannot(client, people, pair):
    en = pair["en"]
    client.force_login(people["translator"])
    response = client.post(
        _page_url("edit", en),
        {"title": "Hijacked", "slug": en.slug, "action-publish": "publish"},
        **XHR,
    )
    assert response.status_code == 403
    en.refresh_from_db()
    assert en.title == "2024 Activity Report"


def test_translator_cannot_publish_korean_directly(client, translator, pair):
    """The translation editor's publish action needs publish rights: 403."""
    client.force_login(translator)
    response = client.post(_page_url("edit", pair["ko"]), {"action": "publish"}, **XHR)
    assert response.status_code == 403
    pair["ko"].refresh_from_db()
    assert not pair["ko"].live


@pytest.mark.parametrize(
    ("role", "locale", "expected"),
    [
        ("editor", "en", 200),
        ("editor", "ko", 403),
        ("translator", "en", 403),
        ("translator", "ko", 403),
        ("reviewer", "en", 403),
    ],
)
def test_submit_for_translation(client, people, pair, role, locale, expected):
    client.force_login(people[role])
    url = reverse("wagtail_localize:submit_page_translation", args=[pair[locale].pk])
    assert client.get(url, **XHR).status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"), [("editor", 200), ("translator", 403), ("reviewer", 403)]
)
def test_sync_translations(client, people, pair, role, expected):
    source = TranslationSource.objects.get_for_instance(pair["en"])
    client.force_login(people[role])
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert client.get(url, **XHR).status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"), [("editor", 403), ("translator", 200), ("reviewer", 200)]
)
def test_translation_endpoints_follow_the_korean_tree(
    client, people, pair, role, expected
):
    translation = Translation.objects.get(source__object_id=pair["en"].translation_key)
    client.force_login(people[role])
    for name in ("preview_translation", "download_pofile"):
        url = reverse(f"wagtail_localize:{name}", args=[translation.pk])
        assert client.get(url, **XHR).status_code == expected, name
    segment = translation.source.stringsegment_set.first()
    response = client.put(
        reverse(
            "wagtail_localize:edit_string_translation",
            args=[translation.pk, segment.pk],
        ),
        "value=Korean+text",
        content_type="application/x-www-form-urlencoded",
        **XHR,
    )
    assert response.status_code == (201 if expected == 200 else 403)


@pytest.mark.parametrize(
    ("role", "expected"), [("editor", 200), ("translator", 200), ("reviewer", 200)]
)
def test_status_report_access(client, people, pair, role, expected):
    client.force_login(people[role])
    response = client.get(reverse("nkhr_translation:status_report"), **XHR)
    assert response.status_code == expected


def test_status_report_needs_login(client, pair):
    response = client.get(reverse("nkhr_translation:status_report"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# --- Snippets: Wagtail checks them per model; here per locale too. -----------


@pytest.fixture(params=[PublicationTopic, Outlet], ids=["topic", "outlet"])
def snippet_pair(request, client, editor, locales):
    model = request.param
    fields = (
        {"name": "Enforced disappearances", "slug": "enforced-disappearances"}
        if model is PublicationTopic
        else {"name": "Yonhap News Agency", "website": "https://en.yna.co.kr/"}
    )
    en = model.objects.create(locale=locales["en"], **fields)
    client.force_login(editor)
    response = client.post(
        reverse(
            "wagtail_localize:submit_snippet_translation",
            args=[model._meta.app_label, model._meta.model_name, en.pk],
        ),
        {"locales": [locales["ko"].pk]},
    )
    assert response.status_code == 302
    client.logout()
    return {"model": model, "en": en, "ko": en.get_translation(locales["ko"])}


def _snippet_url(model, action, *args, query=""):
    name = f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:{action}"
    return reverse(name, args=args) + query


@pytest.mark.parametrize(
    ("role", "action", "locale", "expected"),
    [
        ("editor", "edit", "en", 200),
        ("editor", "edit", "ko", 403),
        ("editor", "delete", "en", 200),
        ("editor", "delete", "ko", 403),
        ("translator", "edit", "en", 403),
        ("translator", "edit", "ko", 200),
        ("translator", "delete", "en", 403),
        ("translator", "delete", "ko", 403),
        ("reviewer", "edit", "en", 403),
        ("reviewer", "edit", "ko", 403),
    ],
)
def test_snippet_matrix(client, people, snippet_pair, role, action, locale, expected):
    model = snippet_pair["model"]
    client.force_login(people[role])
    response = client.get(_snippet_url(model, action, snippet_pair[locale].pk), **XHR)
    assert response.status_code == expected


def test_translator_cannot_change_an_english_snippet_by_post(
    client, translator, snippet_pair
):
    model, en = snippet_pair["model"], snippet_pair["en"]
    client.force_login(translator)
    response = client.post(
        _snippet_url(model, "edit", en.pk), {"name": "Hijacked"}, **XHR
    )
    assert response.status_code == 403
    en.refresh_from_db()
    assert en.name != "Hijacked"
    response = client.post(_snippet_url(model, "delete", en.pk), **XHR)
    assert response.status_code == 403
    assert model.objects.filter(pk=en.pk).exists()


@pytest.mark.parametrize(
    ("role", "locale", "expected"),
    [
        ("editor", "en", 200),
        ("editor", "ko", 403),
        ("translator", "en", 403),
        ("translator", "ko", 403),
    ],
)
def test_snippet_create_is_locale_scoped(
    client, people, snippet_pair, role, locale, expected
):
    client.force_login(people[role])
    url = _snippet_url(snippet_pair["model"], "add", query=f"?locale={locale}")
    assert client.get(url, **XHR).status_code == expected


def test_copy_for_translation_of_snippets_is_locale_scoped(
    client, editor, translator, snippet_pair, locales
):
    """wagtail-localize's submit view only checks a global permission."""
    model, ko = snippet_pair["model"], snippet_pair["ko"]
    url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=[model._meta.app_label, model._meta.model_name, ko.pk],
    )
    client.force_login(translator)
    assert client.get(url, **XHR).status_code == 403
    client.force_login(editor)  # an editor may not submit Korean snippets either
    assert client.get(url, **XHR).status_code == 403


def test_translator_cannot_translate_a_snippet_into_english(
    client, editor, translator, snippet_pair, locales, django_user_model
):
    """A Korean-source snippet translated into English: Korean translators keep out
    of the English side even through wagtail-localize's string API."""
    model = snippet_pair["model"]
    ko_source = model.objects.create(
        locale=locales["ko"],
        name="탈북민 인권",
        **({"slug": "defector-rights"} if model is PublicationTopic else {}),
    )
    admin = django_user_model.objects.create_superuser("admin", "admin@nkhr.test", "x")
    client.force_login(admin)
    client.post(
        reverse(
            "wagtail_localize:submit_snippet_translation",
            args=[model._meta.app_label, model._meta.model_name, ko_source.pk],
        ),
        {"locales": [locales["en"].pk]},
    )
    translation = Translation.objects.get(
        source__object_id=ko_source.translation_key, target_locale=locales["en"]
    )
    segment = translation.source.stringsegment_set.first()
    url = reverse(
        "wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]
    )
    client.force_login(translator)
    response = client.put(
        url, "value=Hijacked", content_type="application/x-www-form-urlencoded", **XHR
    )
    assert response.status_code == 403
    client.force_login(editor)
    response = client.put(
        url,
        "value=Defector rights",
        content_type="application/x-www-form-urlencoded",
        **XHR,
    )
    assert response.status_code == 201
