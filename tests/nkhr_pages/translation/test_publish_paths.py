"""Every path that makes a page live goes through the roles' rules.

One case per path: a user of a restricted role tries it over HTTP, as the admin
would send it, and afterwards no page of a language that role may not publish
in went live, changed what visitors see, or got a new live (or scheduled)
revision. The roles: Editors publish English only, Korean translators publish
nowhere, Reviewers publish Korean only. Then: the people who may, still can.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page, Revision, TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail_localize.models import StringTranslation, TranslationSource
from wagtail_localize.operations import translate_object

from nkhr_pages.demo import ensure_child_page
from nkhr_pages.models import PublicationPage, StandardPage
from nkhr_pages.translation.review import submit_translation_for_review
from nkhr_pages.translation.roles import EDITORS, REVIEWERS

from .conftest import korean_for, translation_of, untranslated_segments

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


# --- The scene: pages in every state a path can start from ------------------


@dataclass
class Scene:
    en_live: PublicationPage  # English, live, translated: ko_live
    ko_live: PublicationPage  # Korean, live (approved), newer translation pending
    en_source: PublicationPage  # English, live, translated: ko_draft
    ko_draft: PublicationPage  # Korean draft, fully translated, never live
    en_draft: PublicationPage  # English draft, never live
    en_nested: StandardPage  # English, live, under an untranslated English page
    ko_index: Page
    ko_home: Page


def _translate_everything(translation, prefix: str = "") -> None:
    for segment in untranslated_segments(translation):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            data=prefix + korean_for(segment),
        )


def _approve(page, reviewer) -> None:
    page.refresh_from_db()
    task_state = TaskState.objects.get(
        workflow_state=page.current_workflow_state,
        status=TaskState.STATUS_IN_PROGRESS,
    )
    task_state.task.specific.on_action(task_state, reviewer, "approve")


@pytest.fixture
def scene(
    people, make_publication, publication_indexes, home_pages, locales, settings
) -> Scene:
    editor, translator, reviewer = (
        people["editor"],
        people["translator"],
        people["reviewer"],
    )
    ko = locales["ko"]

    en_live = make_publication(slug="annual-report-2023", title="2023 Report")
    translate_object(en_live, [ko], user=editor)
    _translate_everything(translation_of(en_live))
    ko_live = en_live.get_translation(ko).specific
    submit_translation_for_review(ko_live, translator)
    _approve(ko_live, reviewer)
    # The translator has since changed the translation: not reviewed yet.
    StringTranslation.objects.filter(locale=ko).update(data="UNREVIEWED")

    en_source = make_publication()
    translate_object(en_source, [ko], user=editor)
    _translate_everything(translation_of(en_source))

    en_draft = PublicationPage(
        title="2025 Report (draft)",
        slug="annual-report-2025",
        locale=locales["en"],
        live=False,
        publication_type=PublicationPage.PublicationType.ACTIVITY_REPORT,
        publication_date=datetime.date(2026, 2, 28),
        summary="Not written yet.",
        authors="NKHR",
    )
    publication_indexes["en"].add_child(instance=en_draft)
    en_draft.save_revision()

    about = ensure_child_page(
        home_pages["en"], StandardPage, "about", {"title": "About"}
    )
    en_nested = ensure_child_page(about, StandardPage, "history", {"title": "History"})

    return Scene(
        en_live=en_live,
        ko_live=PublicationPage.objects.get(pk=ko_live.pk),
        en_source=en_source,
        ko_draft=en_source.get_translation(ko).specific,
        en_draft=PublicationPage.objects.get(pk=en_draft.pk),
        en_nested=en_nested,
        ko_index=publication_indexes["ko"],
        ko_home=home_pages["ko"],
    )


def _public_state(language_code: str) -> dict:
    """What visitors of one language see, and what is lined up to go live."""
    state = {}
    for page in Page.objects.filter(locale__language_code=language_code).specific():
        # A draft's row is not public (and wagtail-localize saves drafts there).
        shown = (page.title, getattr(page, "summary", None)) if page.live else None
        state[page.pk] = (
            page.live,
            page.live_revision_id,
            page.url_path,
            page.alias_of_id,
            shown,
        )
    scheduled = set(
        Revision.page_revisions.filter(approved_go_live_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    return {"pages": state, "scheduled": scheduled}


# --- The attempts, one per path ------------------------------------------------


def _publication_form(page, **overrides) -> dict:
    data = {
        "title": page.title,
        "slug": page.slug,
        "publication_type": page.publication_type,
        "publication_date": page.publication_date.isoformat(),
        "authors": page.authors,
        "summary": "Published without review",
        "citation": "",
        "body": streamfield([]),
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def edit_and_publish(client, user, scene, page_name):
    page = getattr(scene, page_name)
    # The translation editor publishes with ``action``, Wagtail's form with
    # ``action-publish``; send both so that whichever view answers is asked.
    data = _publication_form(page, action="publish")
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def revert_and_publish(client, user, scene, page_name):
    page = getattr(scene, page_name)
    first = page.revisions.order_by("created_at").first()
    return client.post(
        reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, first.pk]),
        _publication_form(page, action="publish"),
    )


def schedule_publishing(client, user, scene, page_name):
    """Stop the synced translation (to get Wagtail's own form), publish with a
    go-live date already passed, and let the scheduler run."""
    page = getattr(scene, page_name)
    translation = translation_of(page.get_translation(Locale.get_default()), "ko")
    client.post(reverse("wagtail_localize:stop_translation", args=[translation.pk]))
    past = timezone.localtime() - datetime.timedelta(minutes=5)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        _publication_form(page, go_live_at=past.strftime("%Y-%m-%d %H:%M")),
    )
    call_command("publish_scheduled")
    return response


def bulk_publish(client, user, scene, page_name):
    page = getattr(scene, page_name)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    return client.post(f"{url}?id={page.pk}", {"include_descendants": "on"})


def copy_to(target: str, **options) -> Callable:
    def attempt(client, user, scene, page_name):
        page = getattr(scene, page_name)
        return client.post(
            reverse("wagtailadmin_pages:copy", args=[page.pk]),
            {
                "new_title": f"{page.title} (copy)",
                "new_slug": f"{page.slug}-copy",
                "new_parent_page": getattr(scene, target).pk,
                **options,
            },
        )

    return attempt


def convert_to_alias(client, user, scene, page_name):
    page = getattr(scene, page_name)
    return client.post(f"/admin/localize/page/{page.pk}/convert_to_alias/")


def sync_and_publish(client, user, scene, page_name):
    source = TranslationSource.objects.get_for_instance(getattr(scene, page_name))
    return client.post(
        reverse("wagtail_localize:update_translations", args=[source.pk]),
        {"publish_translations": "on"},
    )


def translate_this_page(client, user, scene, page_name):
    page = getattr(scene, page_name)
    return client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        {"locales": [Locale.objects.get(language_code="ko").pk]},
    )


def send_for_review(client, user, scene, page_name):
    page = getattr(scene, page_name)
    return client.post(reverse("nkhr_translation:submit_for_review", args=[page.pk]))


def approve_own_review(client, user, scene, page_name):
    page = getattr(scene, page_name)
    client.post(reverse("nkhr_translation:submit_for_review", args=[page.pk]))
    page.refresh_from_db()
    task_state = TaskState.objects.get(
        workflow_state=page.current_workflow_state,
        status=TaskState.STATUS_IN_PROGRESS,
    )
    return client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )


def unpublish(client, user, scene, page_name):
    page = getattr(scene, page_name)
    return client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]), {})


def move_to_home(client, user, scene, page_name):
    page = getattr(scene, page_name)
    return client.post(
        reverse("wagtailadmin_pages:move_confirm", args=[page.pk, scene.ko_home.pk])
    )


# Which languages each restricted role may not publish in.
FORBIDDEN = {"translator": ("en", "ko"), "editor": ("ko",), "reviewer": ("en",)}

PATHS = [
    # (role, attempt, page it starts from); ids name the path.
    pytest.param("translator", edit_and_publish, "ko_draft", id="publish-draft"),
    pytest.param("translator", edit_and_publish, "ko_live", id="publish-changes"),
    pytest.param("editor", edit_and_publish, "ko_draft", id="publish-korean"),
    pytest.param("reviewer", edit_and_publish, "en_draft", id="publish-english"),
    pytest.param("translator", revert_and_publish, "ko_live", id="revert-publish"),
    pytest.param("translator", schedule_publishing, "ko_draft", id="schedule"),
    pytest.param("translator", bulk_publish, "ko_draft", id="bulk-publish"),
    pytest.param("editor", bulk_publish, "ko_draft", id="bulk-publish-korean"),
    pytest.param("reviewer", bulk_publish, "en_draft", id="bulk-publish-english"),
    pytest.param(
        "translator",
        copy_to("ko_index", publish_copies="on"),
        "ko_live",
        id="copy-publish-copies",
    ),
    pytest.param(
        "translator", copy_to("ko_index", alias="on"), "ko_live", id="copy-as-alias"
    ),
    pytest.param(
        "editor",
        copy_to("ko_index", publish_copies="on"),
        "en_live",
        id="copy-publish-into-korean",
    ),
    pytest.param(
        "editor", copy_to("ko_index", alias="on"), "en_live", id="alias-into-korean"
    ),
    pytest.param("translator", convert_to_alias, "ko_draft", id="convert-to-alias"),
    pytest.param("editor", convert_to_alias, "ko_draft", id="convert-korean-to-alias"),
    pytest.param("editor", sync_and_publish, "en_source", id="sync-publish"),
    pytest.param(
        "translator", sync_and_publish, "en_source", id="sync-publish-translator"
    ),
    pytest.param(
        "editor", translate_this_page, "en_nested", id="translate-page-alias-parent"
    ),
    pytest.param(
        "translator", send_for_review, "ko_live", id="send-for-review-live-page"
    ),
    pytest.param("translator", approve_own_review, "ko_draft", id="approve-own"),
    pytest.param("translator", unpublish, "ko_live", id="unpublish"),
    pytest.param("translator", move_to_home, "ko_live", id="move"),
]


@pytest.mark.parametrize(("role", "attempt", "page_name"), PATHS)
def test_restricted_role_cannot_make_a_page_live(
    client, people, scene, role, attempt, page_name, django_capture_on_commit_callbacks
):
    before = {code: _public_state(code) for code in FORBIDDEN[role]}
    client.force_login(people[role])
    with django_capture_on_commit_callbacks(execute=True):
        response = attempt(client, people[role], scene, page_name)
    assert response.status_code in (200, 302, 403), response.status_code
    after = {code: _public_state(code) for code in FORBIDDEN[role]}
    assert after == before


# --- The people who may publish still can -------------------------------------


@pytest.fixture
def editor_and_reviewer(people):
    """Someone in both groups: may publish in English and in Korean."""
    user = people["editor"]
    user.groups.add(Group.objects.get(name=REVIEWERS))
    return user


def test_reviewer_converts_a_translation_to_an_alias(client, people, scene):
    client.force_login(people["reviewer"])
    assert convert_to_alias(client, None, scene, "ko_draft").status_code == 302
    page = Page.objects.get(pk=scene.ko_draft.pk)
    assert page.alias_of_id == scene.en_source.pk
    assert page.live


def test_sync_publishes_for_someone_who_may_publish_every_translation(
    client, editor_and_reviewer, scene, django_capture_on_commit_callbacks
):
    source = TranslationSource.objects.get_for_instance(scene.en_source)
    client.force_login(editor_and_reviewer)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert 'type="checkbox" name="publish_translations"' in client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        response = sync_and_publish(client, None, scene, "en_source")
    assert response.status_code == 302
    assert Page.objects.get(pk=scene.ko_draft.pk).live


def test_sync_offers_no_publishing_to_an_editor(client, people, scene):
    source = TranslationSource.objects.get_for_instance(scene.en_source)
    client.force_login(people["editor"])
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert 'type="checkbox" name="publish_translations"' not in response.text
    # Without publishing, the sync itself goes through.
    response = client.post(url, {})
    assert response.status_code == 302
    assert not Page.objects.get(pk=scene.ko_draft.pk).live


def test_translate_this_page_tells_why_it_is_refused(client, people, scene):
    client.force_login(people["editor"])
    response = translate_this_page(client, None, scene, "en_nested")
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [
        "Translate “About” into Korean first. Without it, this page would need "
        "a live copy of “About” in Korean, which only someone who may publish "
        "there can create."
    ]
    assert not Page.objects.filter(locale__language_code="ko", slug="about").exists()


def test_translate_this_page_with_translated_parents(
    client, people, scene, locales, django_capture_on_commit_callbacks
):
    about = scene.en_nested.get_parent()
    translate_object(about, [locales["ko"]], user=people["editor"])
    client.force_login(people["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = translate_this_page(client, None, scene, "en_nested")
    assert response.status_code == 302
    korean = scene.en_nested.get_translation(locales["ko"])
    assert not korean.live
    assert not korean.get_parent().live  # a draft translation, not an alias


def test_reviewer_may_create_the_live_parent_alias(
    client, editor_and_reviewer, scene, locales, django_capture_on_commit_callbacks
):
    client.force_login(editor_and_reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = translate_this_page(client, None, scene, "en_nested")
    assert response.status_code == 302
    korean = scene.en_nested.get_translation(locales["ko"])
    assert korean.get_parent().alias_of_id == scene.en_nested.get_parent().pk


def test_send_for_review_keeps_the_live_page_and_approval_publishes(
    client, people, scene, django_capture_on_commit_callbacks
):
    client.force_login(people["translator"])
    with django_capture_on_commit_callbacks(execute=True):
        send_for_review(client, None, scene, "ko_live")
    page = PublicationPage.objects.get(pk=scene.ko_live.pk)
    assert page.live
    assert page.summary == scene.ko_live.summary  # visitors see the reviewed text
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().summary == "UNREVIEWED"
    assert "UNREVIEWED" not in client.get(page.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _approve(page, people["reviewer"])
    assert PublicationPage.objects.get(pk=page.pk).summary == "UNREVIEWED"


@pytest.mark.parametrize(
    ("attempt", "page_name"),
    [
        pytest.param(edit_and_publish, "ko_draft", id="publish"),
        pytest.param(bulk_publish, "ko_draft", id="bulk-publish"),
        pytest.param(schedule_publishing, "ko_draft", id="schedule"),
        pytest.param(revert_and_publish, "ko_live", id="revert-publish"),
    ],
)
def test_reviewer_publishes_korean(
    client, people, scene, attempt, page_name, django_capture_on_commit_callbacks
):
    """The same requests as above, from a reviewer: they go through."""
    client.force_login(people["reviewer"])
    before = getattr(scene, page_name).live_revision_id
    with django_capture_on_commit_callbacks(execute=True):
        response = attempt(client, people["reviewer"], scene, page_name)
    assert response.status_code == 302
    page = Page.objects.get(pk=getattr(scene, page_name).pk)
    assert page.live
    assert page.live_revision_id != before


def test_editor_publishes_english(client, people, scene):
    client.force_login(people["editor"])
    response = edit_and_publish(client, None, scene, "en_draft")
    assert response.status_code == 302
    assert Page.objects.get(pk=scene.en_draft.pk).live


# --- Wagtail's default "Moderators" group ---------------------------------------


def _moderator(django_user_model):
    user = django_user_model.objects.create_user(username="moderator", password="x")
    user.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    return user


def test_setup_folds_moderators_into_the_roles(home_pages, django_user_model):
    from wagtail.models import GroupApprovalTask, GroupPagePermission

    from nkhr_pages.translation.roles import ensure_translation_roles

    moderator = _moderator(django_user_model)
    task = GroupApprovalTask.objects.create(name="Moderators approval (test)")
    task.groups.add(Group.objects.get(name="Moderators"))

    ensure_translation_roles()

    assert not Group.objects.filter(name="Moderators").exists()
    assert set(moderator.groups.values_list("name", flat=True)) == {
        EDITORS,
        REVIEWERS,
    }
    assert list(task.groups.values_list("name", flat=True)) == [EDITORS]
    # Nobody keeps rights on the tree root, which spans both languages.
    assert not GroupPagePermission.objects.filter(page__depth=1).exists()


def test_migration_folds_moderators(db, django_user_model):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "nkhr_pages.translation.migrations.0002_fold_wagtail_moderators_into_roles"
    )
    moderator = _moderator(django_user_model)
    migration.fold_moderators(apps, None)
    assert not Group.objects.filter(name="Moderators").exists()
    assert set(moderator.groups.values_list("name", flat=True)) == {
        EDITORS,
        REVIEWERS,
    }
