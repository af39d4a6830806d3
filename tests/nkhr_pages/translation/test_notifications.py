"""Translators are told when work arrives: a notice in the admin and an email."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse
from wagtail.users.models import UserProfile
from wagtail_localize.operations import translate_object

from nkhr_pages.translation.models import TranslationNotice
from nkhr_pages.translation.notifications import notify_translation_work

from .conftest import translation_of


def _submit(page, editor, locales, capture):
    with capture(execute=True):
        translate_object(page, [locales["ko"]], user=editor)
    return translation_of(page)


def test_only_translators_of_the_target_locale_are_told(
    make_publication,
    editor,
    translator,
    reviewer,
    locales,
    django_capture_on_commit_callbacks,
):
    mail.outbox.clear()
    translation = _submit(
        make_publication(), editor, locales, django_capture_on_commit_callbacks
    )
    assert [message.to for message in mail.outbox] == [[translator.email]]
    assert list(
        TranslationNotice.objects.values_list("recipient__username", "reason")
    ) == [("translator", "submitted")]
    assert translation.target_locale.language_code == "ko"


def test_repeated_syncs_do_not_flood(
    make_publication, editor, translator, locales, django_capture_on_commit_callbacks
):
    page = make_publication()
    translation = _submit(page, editor, locales, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    for summary in ("First change.", "Second change."):
        page.summary = summary
        page.save_revision().publish()
        with django_capture_on_commit_callbacks(execute=True):
            translation.source.update_from_db()
    assert len(mail.outbox) == 1
    assert TranslationNotice.objects.filter(reason="source_changed").count() == 1
    assert "has changed since it was translated" in mail.outbox[0].body


def test_email_in_the_translators_admin_language(
    make_publication, editor, translator, locales, django_capture_on_commit_callbacks
):
    profile = UserProfile.get_for_user(translator)
    profile.preferred_language = "ko"
    profile.save()
    mail.outbox.clear()
    _submit(make_publication(), editor, locales, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert "번역" in message.subject
    assert "2024 Activity Report" in message.subject


def test_translator_without_email_still_gets_the_notice(
    make_publication, editor, translator, locales, django_capture_on_commit_callbacks
):
    translator.email = ""
    translator.save()
    mail.outbox.clear()
    _submit(make_publication(), editor, locales, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert TranslationNotice.objects.filter(recipient=translator).count() == 1


def test_disabled_translation_tells_nobody(
    make_publication, editor, translator, locales
):
    page = make_publication()
    translate_object(page, [locales["ko"]], user=editor)
    translation = translation_of(page)
    assert len(notify_translation_work(translation.pk, "submitted")) == 1
    translation.enabled = False
    translation.save()
    assert notify_translation_work(translation.pk, "source_changed") == []


def test_dashboard_panel_and_dismiss(
    client,
    make_publication,
    editor,
    translator,
    locales,
    django_capture_on_commit_callbacks,
):
    _submit(make_publication(), editor, locales, django_capture_on_commit_callbacks)
    notice = TranslationNotice.objects.get(recipient=translator)
    client.force_login(translator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Translations waiting for you" in html
    assert reverse("nkhr_translation:dismiss_notice", args=[notice.pk]) in html

    # Someone else cannot dismiss it; the translator can, once.
    client.force_login(editor)
    client.post(reverse("nkhr_translation:dismiss_notice", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.dismissed_at is None
    client.force_login(translator)
    response = client.post(reverse("nkhr_translation:dismiss_notice", args=[notice.pk]))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.dismissed_at is not None
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Translations waiting for you" not in html


def test_editors_dashboard_has_no_panel(client, editor):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Translations waiting for you" not in html
