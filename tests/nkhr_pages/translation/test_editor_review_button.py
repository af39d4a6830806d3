""" "Send for review" inside wagtail-localize's translation editor."""

from __future__ import annotations

from django.urls import reverse
from wagtail.models import Locale, TaskState, WorkflowState

from .conftest import (
    submit_for_translation,
    translate_through_editor_api,
    translation_of,
)

BUTTON = "data-nkhr-send-for-review"


def test_the_translation_editor_offers_send_for_review(
    client, editor, translator, make_publication
):
    en_page = make_publication()
    submit_for_translation(client, editor, en_page)
    translate_through_editor_api(client, translator, translation_of(en_page))
    ko_page = en_page.get_translation(Locale.objects.get(language_code="ko"))
    edit_url = reverse("wagtailadmin_pages:edit", args=[ko_page.pk])
    review_url = reverse("nkhr_translation:submit_for_review", args=[ko_page.pk])

    client.force_login(translator)
    html = client.get(edit_url).content.decode()
    assert "js-translation-editor" in html  # wagtail-localize's editor
    assert BUTTON in html
    assert f'href="{review_url}?next=' in html

    # The button leads to the confirmation; sending it puts the page in review.
    assert "The page goes live when they approve it." in (
        client.get(review_url).content.decode()
    )
    client.post(review_url, {"next": edit_url})
    assert BUTTON not in client.get(edit_url).content.decode()


def test_no_button_on_the_english_page(client, editor, make_publication):
    en_page = make_publication()
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[en_page.pk]))
    assert BUTTON not in html.content.decode()


def test_reviewers_decide_from_the_page_they_read_after_a_confirmation(
    client, editor, translator, reviewer, make_publication
):
    en_page = make_publication()
    submit_for_translation(client, editor, en_page)
    translate_through_editor_api(client, translator, translation_of(en_page))
    ko_page = en_page.get_translation(Locale.objects.get(language_code="ko"))
    edit_url = reverse("wagtailadmin_pages:edit", args=[ko_page.pk])
    client.force_login(translator)
    client.post(reverse("nkhr_translation:submit_for_review", args=[ko_page.pk]))
    assert 'data-nkhr-review-decision="approve"' not in (
        client.get(edit_url).content.decode()
    )
    reject = reverse("nkhr_translation:review_decision", args=[ko_page.pk, "reject"])
    approve = reverse("nkhr_translation:review_decision", args=[ko_page.pk, "approve"])
    assert client.post(reject, {"comment": "no"}).status_code == 302
    ko_page.refresh_from_db()
    assert ko_page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    client.force_login(reviewer)
    html = client.get(edit_url).content.decode()
    assert f'href="{approve}?next=' in html
    assert f'href="{reject}?next=' in html
    confirm = client.get(reject, {"next": edit_url}).content.decode()
    assert "Nothing is published." in confirm
    # Request changes needs a comment: refused, nothing changes.
    client.post(reject, {"comment": "  ", "next": edit_url})
    ko_page.refresh_from_db()
    assert ko_page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    response = client.post(
        reject, {"comment": "Use 탈북민, not 탈북자.", "next": edit_url}
    )
    assert response["Location"] == edit_url
    ko_page.refresh_from_db()
    state = ko_page.current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert TaskState.objects.get(workflow_state=state).comment == (
        "Use 탈북민, not 탈북자."
    )
    assert not ko_page.live

    client.force_login(translator)
    client.post(reverse("nkhr_translation:submit_for_review", args=[ko_page.pk]))
    client.force_login(reviewer)
    assert "goes live now" in client.get(approve).content.decode()
    client.post(approve, {"comment": ""})
    ko_page.refresh_from_db()
    assert ko_page.live
    # Nothing left to decide: the buttons are gone, a late decision is refused.
    assert "data-nkhr-review-decision" not in client.get(edit_url).content.decode()
    assert client.post(approve, {"comment": ""}).status_code == 302
