"""Wagtail's workflow emails reach each reviewer in the reviewer's admin
language, whoever sent the page for review (issue 18)."""

from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse
from wagtail.models import Locale, Site, TaskState
from wagtail.users.models import UserProfile

from .conftest import (
    submit_for_translation,
    translate_through_editor_api,
    translation_of,
)

HANGUL = re.compile("[\uac00-\ud7a3]")


def test_a_korean_reviewer_is_told_in_korean(
    client,
    editor,
    translator,
    reviewer,
    make_publication,
    django_capture_on_commit_callbacks,
):
    profile = UserProfile.get_for_user(reviewer)
    profile.preferred_language = "ko"
    profile.save()
    en_page = make_publication()
    submit_for_translation(client, editor, en_page)
    translate_through_editor_api(client, translator, translation_of(en_page))
    ko_page = en_page.get_translation(Locale.objects.get(language_code="ko"))
    mail.outbox.clear()
    client.force_login(translator)  # the sender's admin language is English
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("nkhr_translation:submit_for_review", args=[ko_page.pk]))
    to_reviewer = [m for m in mail.outbox if m.to == [reviewer.email]]
    assert to_reviewer, [m.to for m in mail.outbox]
    message = to_reviewer[0]
    assert HANGUL.search(message.subject), message.subject
    assert HANGUL.search(message.body), message.body
    assert "http://testserver/admin/" in message.body


def _send_and_approve(client, editor, translator, reviewer, en_page, capture):
    submit_for_translation(client, editor, en_page)
    translate_through_editor_api(client, translator, translation_of(en_page))
    ko_page = en_page.get_translation(Locale.objects.get(language_code="ko"))
    client.force_login(translator)
    with capture(execute=True):
        client.post(reverse("nkhr_translation:submit_for_review", args=[ko_page.pk]))
    ko_page.refresh_from_db()
    task_state = TaskState.objects.get(
        workflow_state=ko_page.current_workflow_state,
        status=TaskState.STATUS_IN_PROGRESS,
    )
    mail.outbox.clear()
    client.force_login(reviewer)
    with capture(execute=True):
        client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[ko_page.pk, "approve", task_state.pk],
            ),
            {"comment": ""},
        )
    return ko_page


def test_approval_mail_links_the_page_at_the_public_address(
    client,
    editor,
    translator,
    reviewer,
    make_publication,
    django_capture_on_commit_callbacks,
    settings,
):
    """The Site record says "localhost" (as after the demo loader): the link
    in the "approved" email uses WAGTAILADMIN_BASE_URL instead."""
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = True
    en_page = make_publication()
    ko_page = _send_and_approve(
        client,
        editor,
        translator,
        reviewer,
        en_page,
        django_capture_on_commit_callbacks,
    )
    to_translator = [m for m in mail.outbox if m.to == [translator.email]]
    assert to_translator, [m.to for m in mail.outbox]
    body = to_translator[0].body
    path = ko_page.get_url_parts()[2]
    assert f"http://testserver{path}" in body, body
    assert "localhost" not in body
    assert to_translator[0].alternatives
    for alternative, _mime in to_translator[0].alternatives:
        assert f'href="http://testserver{path}"' in alternative
        assert "localhost" not in alternative


def test_a_site_with_a_real_host_keeps_its_address(home_pages, settings):
    from nkhr_pages.translation.mail_links import page_url_for_mail

    site = Site.objects.get(is_default_site=True)
    site.hostname = "nkhr.or.kr"
    site.port = 443
    site.save()
    settings.WAGTAILADMIN_BASE_URL = "https://admin.example.org"
    assert page_url_for_mail(home_pages["ko"]).startswith("https://nkhr.or.kr/")
    site.hostname = "localhost"
    site.save()
    fresh = type(home_pages["ko"]).objects.get(pk=home_pages["ko"].pk)
    assert page_url_for_mail(fresh).startswith("https://admin.example.org/")
