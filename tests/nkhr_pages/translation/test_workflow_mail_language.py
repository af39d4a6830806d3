"""Wagtail's workflow emails reach each reviewer in the reviewer's admin
language, whoever sent the page for review (issue 18)."""

from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse
from wagtail.models import Locale
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
