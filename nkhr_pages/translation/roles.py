"""The translation roles as Django groups, and the "Translation review" workflow.

Why a service (called by ``setup_translation_roles`` and after every migrate)
rather than a data migration: page permissions and the workflow hang on the
locale home pages, which do not exist yet when migrations run on a fresh
database (the demo loader, an import or an editor creates them later). The
service is idempotent, so it can run again whenever a home page or a new
locale appears; groups and model permissions are set even when no home exists.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TextIO

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from wagtail.coreutils import get_content_languages
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.permissions import policy_registry

from .models import LocaleGroup
from .permissions import translatable_snippet_models

EDITORS = "Editors"
REVIEWERS = "Reviewers"
# Wagtail's default group, created by its first migration with every page
# right on the tree root: publishing in every language, beside the roles.
MODERATORS = "Moderators"
REVIEW_WORKFLOW = "Translation review"
REVIEW_TASK = "Review translation"

EDITOR_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
# Translators may draft and change pages in their locale, never publish them:
# publishing goes through the review workflow.
TRANSLATOR_PAGE_PERMISSIONS = ("change", "lock")
# Wagtail checks the approver's publish right when the workflow publishes.
REVIEWER_PAGE_PERMISSIONS = ("change", "publish")
MEDIA_PERMISSIONS = ("add", "choose")


@dataclass(frozen=True)
class RoleSummary:
    groups: dict[str, Group]
    workflow: Workflow


def translators_group_name(locale: Locale) -> str:
    """``Korean translators`` for ``ko``: the English name, as group names are data."""
    return f"{get_language_info(locale.language_code)['name']} translators"


def source_locale() -> Locale:
    return Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)[0]


def target_locales() -> list[Locale]:
    source = source_locale()
    # Wagtail's accessor: WAGTAIL_CONTENT_LANGUAGES, or LANGUAGES when unset.
    codes = [code for code, _name in get_content_languages().items()]
    return [
        Locale.objects.get_or_create(language_code=code)[0]
        for code in codes
        if code != source.language_code
    ]


def locale_homes() -> dict[int, list[Page]]:
    """Each site's root page and its translations, by locale id."""
    homes: dict[int, list[Page]] = defaultdict(list)
    for site in Site.objects.select_related("root_page"):
        for page in site.root_page.get_translations(inclusive=True):
            homes[page.locale_id].append(page)
    return homes


def _model_permissions(model, actions) -> list[Permission]:
    content_type = ContentType.objects.get_for_model(model)
    codenames = [f"{action}_{model._meta.model_name}" for action in actions]
    return list(
        Permission.objects.filter(content_type=content_type, codename__in=codenames)
    )


def _page_permission(action: str) -> Permission:
    return Permission.objects.get(
        content_type=ContentType.objects.get_for_model(Page),
        codename=f"{action}_page",
    )


def _set_page_permissions(
    group: Group, pages: list[Page], actions: tuple[str, ...], locale_ids: set[int]
) -> None:
    """Grant ``actions`` on ``pages``, and remove every grant outside the
    group's locales: Wagtail's default "Editors" hold rights on the tree root,
    hence on Korean pages too. Extra grants an administrator made inside the
    group's own locale are left alone."""
    for grant in GroupPagePermission.objects.filter(group=group).select_related("page"):
        if grant.page.depth == 1 or grant.page.locale_id not in locale_ids:
            grant.delete()
    for page in pages:
        for action in actions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=_page_permission(action)
            )


def _grant_media(group: Group) -> None:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    root = Collection.get_first_root_node()
    if root is None:
        return
    for model in (get_image_model(), get_document_model()):
        # Wagtail checks a custom image model against wagtailimages.Image's
        # permissions (the policy's auth_model), not the model's own.
        auth_model = policy_registry.get_by_type(model).auth_model
        for permission in _model_permissions(auth_model, MEDIA_PERMISSIONS):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


def _grant(group: Group, permissions: list[Permission]) -> None:
    group.permissions.add(*permissions)


def _snippet_permissions(actions: tuple[str, ...]) -> list[Permission]:
    permissions: list[Permission] = []
    for model in translatable_snippet_models():
        permissions += _model_permissions(model, actions)
    return permissions


def _locale_group(group: Group, locale: Locale, receives_work: bool) -> None:
    LocaleGroup.objects.update_or_create(
        group=group,
        locale=locale,
        defaults={"receives_translation_work": receives_work},
    )


def _review_workflow(reviewers: Group) -> Workflow:
    workflow, _created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK)
    task.groups.add(reviewers)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0}
    )
    return workflow


def fold_moderators_group(group_model=Group, task_model=GroupApprovalTask) -> int:
    """Fold Wagtail's default "Moderators" group into the roles and delete it.

    Its members become Editors (English) and Reviewers (Korean): they keep the
    work they did, under the roles' rules. Approval tasks it held (Wagtail's
    default "Moderators approval" workflow on the tree root, which English pages
    fall under) go to the Editors. Deleting the group removes its grants on the
    tree root. Returns the number of members moved.

    Takes the models as arguments so that the data migration can pass its
    historical ones.
    """
    moderators = group_model.objects.filter(name=MODERATORS).first()
    if moderators is None:
        return 0
    editors, _created = group_model.objects.get_or_create(name=EDITORS)
    reviewers, _created = group_model.objects.get_or_create(name=REVIEWERS)
    members = list(moderators.user_set.all())
    editors.user_set.add(*members)
    reviewers.user_set.add(*members)
    for task in task_model.objects.filter(groups=moderators):
        task.groups.add(editors)
        task.groups.remove(moderators)
    moderators.delete()
    return len(members)


def _submit_translation_permission() -> Permission:
    """wagtail-localize creates this permission in a data migration, not from a
    model, so a database flush (TransactionTestCase, ``manage.py flush``) drops
    it for good; recreate it the way that migration does."""
    content_type, _created = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    return permission


@transaction.atomic
def ensure_translation_roles(out: TextIO | None = None) -> RoleSummary:
    """Create or bring up to date the Editors, translators and Reviewers groups."""
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    submit = _submit_translation_permission()
    source = source_locale()
    homes = locale_homes()
    groups: dict[str, Group] = {}
    moved = fold_moderators_group()

    editors, _created = Group.objects.get_or_create(name=EDITORS)
    _grant(
        editors,
        [access_admin, submit, *_snippet_permissions(("add", "change", "delete"))],
    )
    _grant_media(editors)
    _set_page_permissions(
        editors, homes.get(source.pk, []), EDITOR_PAGE_PERMISSIONS, {source.pk}
    )
    _locale_group(editors, source, receives_work=False)
    groups[EDITORS] = editors

    reviewers, _created = Group.objects.get_or_create(name=REVIEWERS)
    _grant(reviewers, [access_admin])
    workflow = _review_workflow(reviewers)
    groups[REVIEWERS] = reviewers
    reviewer_homes: list[Page] = []

    for locale in target_locales():
        name = translators_group_name(locale)
        translators, _created = Group.objects.get_or_create(name=name)
        _grant(translators, [access_admin, *_snippet_permissions(("change",))])
        _grant_media(translators)
        locale_pages = homes.get(locale.pk, [])
        _set_page_permissions(
            translators, locale_pages, TRANSLATOR_PAGE_PERMISSIONS, {locale.pk}
        )
        _locale_group(translators, locale, receives_work=True)
        _locale_group(reviewers, locale, receives_work=False)
        groups[name] = translators
        reviewer_homes += locale_pages
        for home in locale_pages:
            WorkflowPage.objects.update_or_create(
                page=home, defaults={"workflow": workflow}
            )
    _set_page_permissions(
        reviewers,
        reviewer_homes,
        REVIEWER_PAGE_PERMISSIONS,
        {locale.pk for locale in target_locales()},
    )

    if out:
        if moved:
            out.write(f"  {MODERATORS}: {moved} member(s) moved to the roles\n")
        for name, group in groups.items():
            pages = GroupPagePermission.objects.filter(group=group).count()
            out.write(f"  {name}: {pages} page permission(s)\n")
        out.write(
            f"  {REVIEW_WORKFLOW}: on {len(reviewer_homes)} translated home page(s)\n"
        )
    return RoleSummary(groups=groups, workflow=workflow)


def role_descriptions() -> list[tuple[str, str]]:
    """(group name, what its members may do), in the request's language; the
    coordinator is an administrator, not a group."""
    roles = [
        (
            EDITORS,
            _(
                "Write, edit and publish English pages and snippets; submit pages "
                "for translation and sync translations. No rights on Korean pages."
            ),
        )
    ]
    targets = Locale.objects.exclude(language_code=settings.LANGUAGE_CODE)
    for locale in targets.order_by("language_code"):
        roles.append(
            (
                translators_group_name(locale),
                _(
                    "Translate pages and snippets into %(language)s and send them "
                    "for review (My translations). Cannot publish."
                )
                % {"language": locale.get_display_name()},
            )
        )
    roles += [
        (
            REVIEWERS,
            _(
                "Approve translations, which publishes them, or request changes, "
                "from the page they are reading."
            ),
        ),
        (
            _("Coordinator"),
            _(
                "An administrator (the Administrator box in the user's Roles tab): "
                "the translation status report, users, groups and workflows."
            ),
        ),
    ]
    return roles
