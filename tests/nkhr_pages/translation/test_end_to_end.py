"""The issue's "Done when": the whole workflow, through the real admin views.

Editor creates and publishes an English publication and submits it for Korean
translation; the translator (told by email and notice) translates every
segment and sends it for review; the reviewer approves; the Korean page is
live. The editor changes the English page and syncs; the report shows the
Korean translation outdated; the translator updates it, the reviewer approves,
and the report shows it up to date again.
"""

from __future__ import annotations

from django.core import mail
from django.urls import reverse
from wagtail.models import Locale, TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail_localize.models import Translation

from nkhr_pages.models import PublicationPage
from nkhr_pages.translation.models import TranslationNotice
from nkhr_pages.translation.status import TranslationStatus, translation_status

from .conftest import (
    submit_for_translation,
    translate_through_editor_api,
    translation_of,
    untranslated_segments,
)


def _publication_form(**overrides):
    data = {
        "title": "2024 Activity Report",
        "slug": "activity-report-2024",
        "publication_type": "activity_report",
        "publication_date": "2025-02-28",
        "authors": "Citizens' Alliance for North Korean Human Rights",
        "summary": "Campaigns, programs and media coverage of 2024.",
        "citation": "",
        "body": streamfield([]),
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def _approve(client, reviewer, page):
    page.refresh_from_db()
    task_state = TaskState.objects.get(
        workflow_state=page.current_workflow_state,
        status=TaskState.STATUS_IN_PROGRESS,
    )
    client.force_login(reviewer)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )
    assert response.status_code == 302


def _report_row(client, user, **params):
    client.force_login(user)
    response = client.get(
        reverse("nkhr_translation:status_report"), {"locale": "ko", **params}
    )
    assert response.status_code == 200
    return response.content.decode()


def test_translation_workflow_end_to_end(
    client,
    editor,
    translator,
    reviewer,
    publication_indexes,
    django_capture_on_commit_callbacks,
):
    ko = Locale.objects.get(language_code="ko")

    # 1. The editor creates and publishes the English publication in the admin.
    client.force_login(editor)
    response = client.post(
        reverse(
            "wagtailadmin_pages:add",
            args=["nkhr_pages", "publicationpage", publication_indexes["en"].pk],
        ),
        _publication_form(),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    en_page = PublicationPage.objects.get(
        slug="activity-report-2024", locale__language_code="en"
    )
    assert en_page.live

    # 2. ...and submits it for Korean translation. The translator is told.
    mail.outbox.clear()
    assert not Translation.objects.filter(
        source__object_id=en_page.translation_key
    ).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert submit_for_translation(client, editor, en_page).status_code == 302
    translation = translation_of(en_page)
    ko_page = en_page.get_translation(ko).specific
    assert not ko_page.live  # a draft until the reviewers approve
    assert translation_status(en_page, ko) == TranslationStatus.IN_PROGRESS
    assert [message.to for message in mail.outbox] == [[translator.email]]
    assert "2024 Activity Report" in mail.outbox[0].subject
    assert f"/admin/pages/{ko_page.pk}/edit/" in mail.outbox[0].body
    notice = TranslationNotice.objects.get(recipient=translator)
    assert notice.reason == TranslationNotice.Reason.SUBMITTED

    # The dashboard shows it under "Translations waiting for you".
    client.force_login(translator)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Translations waiting for you" in dashboard
    assert "2024 Activity Report" in dashboard

    # 3. The translator opens the translation editor and translates every segment.
    assert (
        client.get(reverse("wagtailadmin_pages:edit", args=[ko_page.pk])).status_code
        == 200
    )
    segments = translate_through_editor_api(client, translator, translation)
    assert len(segments) >= 4  # title, slug, authors, summary at least
    assert untranslated_segments(translation) == []

    # ...and sends it for review (it cannot publish).
    response = client.post(
        reverse("nkhr_translation:submit_for_review", args=[ko_page.pk])
    )
    assert response.status_code == 302
    ko_page.refresh_from_db()
    assert ko_page.workflow_in_progress
    assert not ko_page.live
    assert translation_status(en_page, ko) == TranslationStatus.IN_PROGRESS

    # 4. The reviewer approves; the Korean page is live.
    _approve(client, reviewer, ko_page)
    ko_page.refresh_from_db()
    assert ko_page.live
    assert ko_page.title == "[한국어] 2024 Activity Report"
    public = client.get(ko_page.url)
    assert public.status_code == 200
    assert (
        "[한국어] Campaigns, programs and media coverage of 2024."
        in public.content.decode()
    )
    assert translation_status(en_page, ko) == TranslationStatus.UP_TO_DATE
    assert 'data-status="up_to_date"' in _report_row(client, editor)

    # 5. The editor changes the English page and syncs the translation.
    client.force_login(editor)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[en_page.pk]),
        _publication_form(summary="Campaigns, programs, figures and media coverage."),
    )
    assert response.status_code == 302
    assert "Sync needed" in _report_row(client, editor)
    mail.outbox.clear()
    source = translation.source
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:update_translations", args=[source.pk]), {}
        )
    assert response.status_code == 302

    # The report now shows the Korean translation outdated, one segment to do.
    assert translation_status(en_page, ko) == TranslationStatus.OUTDATED
    html = _report_row(client, editor, status="outdated")
    assert "2024 Activity Report" in html
    assert "1 segment untranslated" in html
    # The translator was told again, by email and notice.
    assert [message.to for message in mail.outbox] == [[translator.email]]
    assert TranslationNotice.objects.filter(
        recipient=translator, reason=TranslationNotice.Reason.SOURCE_CHANGED
    ).exists()

    # 6. The translator updates the translation; the reviewer approves again.
    updated = translate_through_editor_api(client, translator, translation)
    assert [segment.string.data for segment in updated] == [
        "Campaigns, programs, figures and media coverage."
    ]
    client.force_login(translator)
    client.post(reverse("nkhr_translation:submit_for_review", args=[ko_page.pk]))
    assert translation_status(en_page, ko) == TranslationStatus.OUTDATED  # not live yet
    _approve(client, reviewer, ko_page)
    ko_page.refresh_from_db()
    assert (
        ko_page.summary == "[한국어] Campaigns, programs, figures and media coverage."
    )
    assert translation_status(en_page, ko) == TranslationStatus.UP_TO_DATE
    html = _report_row(client, editor, status="up_to_date")
    assert "2024 Activity Report" in html
    assert 'data-status="up_to_date"' in html
