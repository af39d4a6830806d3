"""Signals: tell translators about work, and keep the roles in place after migrate."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save
from wagtail_localize.models import Translation, TranslationSource

DISPATCH_PREFIX = "nkhr_translation"


def translation_saved(sender, instance: Translation, created: bool, **kwargs) -> None:
    if not created or not instance.enabled or kwargs.get("raw"):
        return
    from .models import TranslationNotice
    from .notifications import notify_translation_work

    translation_id = instance.pk
    # After commit: the submit view runs in a transaction and the target page
    # (linked in the email) is only created later in it.
    transaction.on_commit(
        lambda: notify_translation_work(
            translation_id, TranslationNotice.Reason.SUBMITTED
        )
    )


def source_saved(sender, instance: TranslationSource, created: bool, **kwargs) -> None:
    update_fields = kwargs.get("update_fields")
    if created or kwargs.get("raw"):
        return
    if update_fields is not None and "content_json" not in update_fields:
        return
    from .models import TranslationNotice
    from .notifications import notify_translation_work

    translation_ids = list(
        instance.translations.filter(enabled=True).values_list("pk", flat=True)
    )
    for translation_id in translation_ids:
        transaction.on_commit(
            lambda translation_id=translation_id: notify_translation_work(
                translation_id, TranslationNotice.Reason.SOURCE_CHANGED
            )
        )


def setup_roles_after_migrate(sender, using=None, **kwargs) -> None:
    """Groups, permissions and the review workflow exist after every migrate."""
    if kwargs.get("plan") is None:
        # ``flush`` (and so every TransactionTestCase) sends post_migrate too, but
        # without a migration plan: recreating rows it has just removed would
        # collide with data restored afterwards (serialized rollback, loaddata).
        return
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    # Permissions of apps migrated after this one are not created yet.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using or "default")
    from .roles import ensure_translation_roles

    ensure_translation_roles()


def connect() -> None:
    post_save.connect(
        translation_saved,
        sender=Translation,
        dispatch_uid=f"{DISPATCH_PREFIX}.translation",
    )
    post_save.connect(
        source_saved, sender=TranslationSource, dispatch_uid=f"{DISPATCH_PREFIX}.source"
    )
