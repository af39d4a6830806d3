"""Locale scoping: who may work on which language.

Pages are scoped by Wagtail's subtree permissions (the English home vs the
Korean home). Snippets have no tree, so Wagtail checks them per model only;
here a translatable snippet is also checked against the user's
:class:`~.models.LocaleGroup` rows.
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail_localize.models import Translation, TranslationSource

_CACHE_ATTR = "_nkhr_translation_locale_ids"


def allowed_locale_ids(user) -> frozenset[int]:
    """Ids of the locales the user's groups may work in (cached on the user)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from .models import LocaleGroup

        cached = frozenset(
            LocaleGroup.objects.filter(group__user=user).values_list(
                "locale_id", flat=True
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def user_may_work_in_locale(user, locale_id: int | None) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return locale_id is not None and locale_id in allowed_locale_ids(user)


def user_may_change_instance(user, instance: Model) -> bool:
    """True if ``user`` may change ``instance`` (a page or a translatable snippet)."""
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_edit()
    policy = policy_registry.get_by_type(type(instance))
    return policy.user_has_any_permission_for_instance(
        user, ["add", "change", "delete"], instance
    )


def user_may_work_on_translation(user, translation: Translation) -> bool:
    """May ``user`` translate (edit strings, PO files, preview) ``translation``?"""
    try:
        target = translation.get_target_instance()
    except ObjectDoesNotExist:
        return False
    return user_may_change_instance(user, target)


def user_may_submit_source(user, source_instance: Model) -> bool:
    """May ``user`` submit or sync ``source_instance`` for translation?"""
    if not user.has_perm("wagtail_localize.submit_translation"):
        return False
    return user_may_change_instance(user, source_instance)


def user_may_sync_source(user, source: TranslationSource) -> bool:
    try:
        instance = source.get_source_instance()
    except ObjectDoesNotExist:
        return False
    return user_may_submit_source(user, instance)


def user_may_publish_instance(user, instance: Model) -> bool:
    """May ``user`` make ``instance`` live? Pages: Wagtail's publish right on the
    page. Snippets with drafts: the (locale-scoped) publish permission. Other
    snippets have no drafts, so saving one is publishing it: the change right."""
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_publish()
    action = "publish" if isinstance(instance, DraftStateMixin) else "change"
    policy = policy_registry.get_by_type(type(instance))
    return policy.user_has_permission_for_instance(user, action, instance)


def user_may_publish_translations(user, source: TranslationSource) -> bool:
    """May ``user`` publish every enabled translation of ``source`` (what
    "Sync translated pages" with "Publish immediately" does)?"""
    for translation in source.translations.filter(enabled=True):
        try:
            target = translation.get_target_instance()
        except ObjectDoesNotExist:
            continue
        if not user_may_publish_instance(user, target):
            return False
    return True


def untranslated_ancestor(page: Page, locale: Locale) -> tuple[Page, Page] | None:
    """The highest ancestor of ``page`` with no translation into ``locale``, and
    the translated parent it would go under, or None if the way is translated.

    wagtail-localize fills such a gap with an alias of the ancestor, live when
    the ancestor is live: translating ``page`` would publish there."""
    parent_translation = None
    for ancestor in page.get_ancestors().filter(depth__gt=1):
        translated = ancestor.get_translation_or_none(locale)
        if translated is None:
            if parent_translation is None:  # a top-level page: its root is shared
                parent_translation = ancestor.get_parent()
            return ancestor, parent_translation
        parent_translation = translated
    return None


class LocaleScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, plus: the instance's locale must be one of the user's."""

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return super().user_has_permission_for_instance(
            user, action, instance
        ) and user_may_work_in_locale(user, instance.locale_id)

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return super().user_has_any_permission_for_instance(
            user, actions, instance
        ) and user_may_work_in_locale(user, instance.locale_id)


def translatable_snippet_models() -> list[type[Model]]:
    """Concrete translatable models that are not pages (topics, outlets...)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, TranslatableMixin)
        and not issubclass(model, Page)
        and not model._meta.abstract
    ]


def register_locale_scoped_policies() -> None:
    for model in translatable_snippet_models():
        if policy_registry.get_by_type(model, fallback=False) is None:
            register_permission_policy(
                model, LocaleScopedPermissionPolicy(model), exact_class=True
            )
