"""The roles as groups: created idempotently, scoped to the right tree."""

import io

from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import GroupPagePermission, Page, WorkflowPage

from nkhr_pages.translation.models import LocaleGroup
from nkhr_pages.translation.roles import (
    EDITORS,
    REVIEW_WORKFLOW,
    REVIEWERS,
    ensure_translation_roles,
)

from .conftest import TRANSLATORS


def _grants(group_name):
    return set(
        GroupPagePermission.objects.filter(group__name=group_name).values_list(
            "page_id", "permission__codename"
        )
    )


def test_roles_exist_after_migrate_even_without_pages(db):
    # post_migrate ran on the test database before any page existed.
    assert {EDITORS, REVIEWERS, TRANSLATORS} <= set(
        Group.objects.values_list("name", flat=True)
    )


def test_page_permissions_are_scoped_to_each_locale_home(roles, home_pages):
    en, ko = home_pages["en"].pk, home_pages["ko"].pk
    assert _grants(EDITORS) == {
        (en, f"{action}_page")
        for action in ("add", "change", "publish", "lock", "unlock")
    }
    assert _grants(TRANSLATORS) == {(ko, "change_page"), (ko, "lock_page")}
    assert _grants(REVIEWERS) == {(ko, "change_page"), (ko, "publish_page")}
    # Wagtail's default Editors had rights on the tree root, hence on Korean pages.
    root = Page.get_first_root_node()
    assert not GroupPagePermission.objects.filter(
        group__name=EDITORS, page=root
    ).exists()


def test_review_workflow_is_attached_to_the_korean_home(roles, home_pages):
    attached = WorkflowPage.objects.get(page=home_pages["ko"])
    assert attached.workflow.name == REVIEW_WORKFLOW
    task = attached.workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [REVIEWERS]
    assert home_pages["ko"].get_workflow().name == REVIEW_WORKFLOW


def test_locale_groups(roles, locales):
    rows = set(
        LocaleGroup.objects.values_list(
            "group__name", "locale__language_code", "receives_translation_work"
        )
    )
    assert rows == {
        (EDITORS, "en", False),
        (TRANSLATORS, "ko", True),
        (REVIEWERS, "ko", False),
    }


def test_setup_is_idempotent(roles, home_pages):
    before = {name: _grants(name) for name in (EDITORS, TRANSLATORS, REVIEWERS)}
    counts = (
        GroupPagePermission.objects.count(),
        WorkflowPage.objects.count(),
        LocaleGroup.objects.count(),
    )
    ensure_translation_roles()
    out = io.StringIO()
    call_command("setup_translation_roles", stdout=out)
    assert "Translation roles are in place." in out.getvalue()
    assert {name: _grants(name) for name in before} == before
    assert counts == (
        GroupPagePermission.objects.count(),
        WorkflowPage.objects.count(),
        LocaleGroup.objects.count(),
    )
