"""Sending a translation to the reviewers, and what is refused on the way."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState
from wagtail_localize.operations import translate_object

from .conftest import translate_through_editor_api, translation_of


@pytest.fixture
def korean_draft(make_publication, editor, locales):
    page = make_publication()
    translate_object(page, [locales["ko"]], user=editor)
    return page.get_translation(locales["ko"]).specific


def _send(client, page):
    response = client.post(
        reverse("nkhr_translation:submit_for_review", args=[page.pk])
    )
    assert response.status_code == 302
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_button_and_confirmation(client, translator, korean_draft):
    client.force_login(translator)
    explorer = client.get(reverse("wagtailadmin_explore", args=[korean_draft.pk]))
    url = reverse("nkhr_translation:submit_for_review", args=[korean_draft.pk])
    assert url in explorer.content.decode()
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "The page goes live when they approve it." in confirm.content.decode()


def test_no_button_on_english_pages(client, editor, korean_draft, locales):
    english = korean_draft.get_translation(locales["en"])
    client.force_login(editor)
    explorer = client.get(reverse("wagtailadmin_explore", args=[english.pk]))
    assert "submit-for-review" not in explorer.content.decode()


def test_refused_while_segments_are_empty(client, translator, korean_draft):
    client.force_login(translator)
    messages = _send(client, korean_draft)
    assert len(messages) == 1
    assert "segments are still untranslated" in messages[0]
    korean_draft.refresh_from_db()
    assert korean_draft.current_workflow_state is None


def test_refused_when_already_in_review(client, translator, korean_draft):
    translation = translation_of(korean_draft.get_translations().first())
    translate_through_editor_api(client, translator, translation)
    assert "was sent to Translation review" in _send(client, korean_draft)[0]
    # Messages of the first request were not displayed yet: check the last one.
    assert _send(client, korean_draft)[-1] == (
        "This translation is already waiting for review."
    )


def test_resubmitting_after_changes_were_requested(
    client, translator, reviewer, korean_draft
):
    source_page = korean_draft.get_translations().first()
    translation = translation_of(source_page)
    translate_through_editor_api(client, translator, translation)
    _send(client, korean_draft)
    korean_draft.refresh_from_db()
    task_state = TaskState.objects.get(
        workflow_state=korean_draft.current_workflow_state,
        status=TaskState.STATUS_IN_PROGRESS,
    )
    client.force_login(reviewer)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[korean_draft.pk, "reject", task_state.pk],
        ),
        {"comment": "Please use the official Korean name of the organisation."},
    )
    assert response.status_code == 302
    korean_draft.refresh_from_db()
    state = korean_draft.current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

    client.force_login(translator)
    assert "was sent to Translation review" in _send(client, korean_draft)[0]
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not korean_draft.live


def test_someone_without_rights_cannot_send(client, editor, korean_draft):
    client.force_login(editor)
    response = client.post(
        reverse("nkhr_translation:submit_for_review", args=[korean_draft.pk]),
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 403


def test_page_that_is_not_a_managed_translation(client, translator, home_pages):
    client.force_login(translator)
    assert _send(client, home_pages["ko"]) == [
        "This page is not a translation managed here."
    ]
