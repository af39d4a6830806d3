"""Every page type's create form, filled in as an editor fills it (issue 18).

A new media item could not be published: its title field was not wired to the
slug, so "Slug: This field is required" appeared on the hidden Promote tab. In
the browser Wagtail's title panel copies the slugified title into the slug;
over HTTP the tests check that wiring, then post what the browser sends: the
title, the required fields, the slug from the title and the form's defaults.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.text import slugify
from wagtail.blocks.base import BlockField
from wagtail.models import get_page_models
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from nkhr_pages.translation.roles import EDITORS, ensure_translation_roles
from tests import factories

# The home page is left out: one per tree root, and the fixtures' root has its own.
PAGE_TYPES = sorted(
    (
        model
        for model in get_page_models()
        if model.is_creatable and model.__name__ != "HomePage"
    ),
    key=lambda model: model._meta.label,
)

# What an editor must type besides the title; every other field keeps the
# value the form shows.
REQUIRED_ANSWERS = {
    "status": "ongoing",
    "start_date": "2025-03-01",
    "publication_date": "2025-02-28",
    "publication_type": "statement",
    "series": "en_fnn",
    "issue_number": "12",
    "issue_date": "2025-03-01",
    "kind": "education",
}

INDEX_FACTORIES = {
    "CampaignPage": factories.CampaignIndexPageFactory,
    "EventPage": factories.EventIndexPageFactory,
    "MediaCoveragePage": factories.MediaCoverageIndexPageFactory,
    "NewsletterIssuePage": factories.NewsletterIndexPageFactory,
    "ProgramPage": factories.ProgramIndexPageFactory,
    "PublicationPage": factories.PublicationIndexPageFactory,
}


def slug_from_title(title: str) -> str:
    """What the title panel's script puts in the slug (Wagtail's own rule)."""
    return slugify(
        title, allow_unicode=getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
    )


@pytest.fixture
def editor(home_pages):
    ensure_translation_roles()
    user = get_user_model().objects.create_user(
        "editor-en", "editor-en@nkhr.test", "not-used"
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def parent_for(home_pages, editor):
    """``(parent, user)`` under which an editor creates a page of ``model``."""

    def parent(model):
        factory = INDEX_FACTORIES.get(model.__name__)
        if factory is None:
            return home_pages["en"], editor
        return factory(parent=home_pages["en"]), editor

    return parent


def _title_input(html: str) -> str:
    match = re.search(r"<input[^>]*\bname=\"title\"[^>]*>", html)
    assert match, "no title field"
    return match.group(0)


def _form_data(form, title: str, **answers) -> dict:
    """What the browser posts: the form's shown values, the answers, the title
    and the slug the title panel filled in."""
    values = {}
    for name, field in form.fields.items():
        if isinstance(field, BlockField):
            values[name] = streamfield([])
            continue
        value = form[name].value()
        if value not in (None, "", [], False):
            values[name] = value
    for name in form.formsets:
        if name != "comments":
            values[name] = inline_formset([])
    values.update(
        {name: value for name, value in answers.items() if name in form.fields}
    )
    values.update(title=title, slug=slug_from_title(title))
    data = nested_form_data(values)
    data["action-publish"] = "action-publish"
    return data


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_every_page_types_title_fills_the_slug(client, parent_for, model):
    parent, user = parent_for(model)
    client.force_login(user)
    response = client.get(
        reverse(
            "wagtailadmin_pages:add",
            args=[model._meta.app_label, model._meta.model_name, parent.pk],
        )
    )
    assert response.status_code == 200
    title = _title_input(response.content.decode())
    assert "w-sync" in title
    assert 'data-w-sync-target-value="#id_slug"' in title
    assert "keyup-&gt;w-sync#apply" in title or "keyup->w-sync#apply" in title


@pytest.mark.parametrize(
    "title", ["Forced repatriation in 2025", "2025년 강제북송 실태"], ids=["en", "ko"]
)
@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_every_page_type_publishes_with_what_an_editor_fills_in(
    client, parent_for, model, title
):
    parent, user = parent_for(model)
    client.force_login(user)
    url = reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )
    form = client.get(url).context["form"]
    outlet = factories.OutletFactory(name="Yonhap News Agency")
    response = client.post(
        url, _form_data(form, title, outlet=outlet.pk, **REQUIRED_ANSWERS)
    )
    errors = getattr(response.context, "get", lambda _k: None)("form")
    assert response.status_code == 302, errors and errors.errors
    page = model.objects.get(slug=slug_from_title(title))
    assert page.live
    assert page.title == title


def test_a_korean_title_gives_a_korean_address_that_serves_the_page(client, parent_for):
    model = next(model for model in PAGE_TYPES if model.__name__ == "StandardPage")
    parent, user = parent_for(model)
    client.force_login(user)
    url = reverse(
        "wagtailadmin_pages:add", args=["nkhr_pages", "standardpage", parent.pk]
    )
    form = client.get(url).context["form"]
    client.post(url, _form_data(form, "탈북민 인권 보고서"))
    page = model.objects.get(title="탈북민 인권 보고서")
    assert page.slug == "탈북민-인권-보고서"
    client.logout()
    assert client.get(f"/en/{quote(page.slug)}/").status_code == 200


@pytest.mark.parametrize("language_code", ["en", "ko"])
def test_a_new_articles_language_is_its_sections_language(
    admin_client, home_pages, language_code
):
    index = factories.MediaCoverageIndexPageFactory(parent=home_pages["en"])
    if language_code == "ko":
        index = factories.translate(index, "ko", title="언론 보도")
    response = admin_client.get(
        reverse(
            "wagtailadmin_pages:add",
            args=["nkhr_pages", "mediacoveragepage", index.pk],
        )
    )
    assert response.context["form"]["article_language"].value() == language_code
