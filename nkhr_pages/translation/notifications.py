"""Telling translators that work arrived: an admin notice and an email."""

from __future__ import annotations

import logging
import smtplib

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils import translation as translation_utils
from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation

from nkhr_pages.conf import setting

from .models import TranslationNotice

logger = logging.getLogger(__name__)


def translators_for(locale_id: int) -> QuerySet:
    """Active users in a group that receives translation work into the locale."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__translation_locales__locale_id=locale_id,
            groups__translation_locales__receives_translation_work=True,
        )
        .distinct()
        .order_by("pk")
    )


def _edit_url(translation: Translation) -> str:
    try:
        path = translation.get_target_instance_edit_url()
    except ObjectDoesNotExist:
        return ""
    return f"{setting('WAGTAILADMIN_BASE_URL').rstrip('/')}{path}" if path else ""


def _send_email(notice: TranslationNotice, edit_url: str) -> None:
    user = notice.recipient
    if not user.email:
        return
    language = UserProfile.get_for_user(user).get_preferred_language()
    with translation_utils.override(language):
        context = {
            "notice": notice,
            "translation": notice.translation,
            "object_repr": notice.translation.source.object_repr,
            "locale": notice.translation.target_locale.get_display_name(),
            "reason": notice.get_reason_display(),
            "edit_url": edit_url,
            "user": user,
        }
        subject = render_to_string(
            "nkhr_translation/emails/translation_work_subject.txt", context
        )
        body = render_to_string("nkhr_translation/emails/translation_work.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [user.email])
    except (smtplib.SMTPException, OSError):
        # The notice in the admin is still there; a mail server hiccup must not
        # undo (or fail) the editor's submission.
        logger.exception("Could not email translation notice %s", notice.pk)


def notify_translation_work(
    translation_id: int, reason: str
) -> list[TranslationNotice]:
    """Create a notice (and send an email) for every translator of the target
    locale. A translator with an open notice of the same kind for the same
    translation gets no second one: repeated syncs do not flood the inbox."""
    translation = (
        Translation.objects.select_related("source", "target_locale")
        .filter(pk=translation_id, enabled=True)
        .first()
    )
    if translation is None:
        return []
    edit_url = _edit_url(translation)
    created_notices = []
    for user in translators_for(translation.target_locale_id):
        notice, created = TranslationNotice.objects.get_or_create(
            recipient=user,
            translation=translation,
            reason=reason,
            dismissed_at=None,
        )
        if created:
            created_notices.append(notice)
            _send_email(notice, edit_url)
    return created_notices


def open_notices(user) -> QuerySet:
    return TranslationNotice.objects.filter(
        recipient=user, dismissed_at__isnull=True, translation__enabled=True
    ).select_related("translation__source", "translation__target_locale")


def dismiss_notice(user, notice_id: int) -> bool:
    return bool(
        TranslationNotice.objects.filter(
            pk=notice_id, recipient=user, dismissed_at__isnull=True
        ).update(dismissed_at=timezone.now())
    )
