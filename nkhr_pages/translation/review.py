"""Sending a finished translation to the reviewers (the "Translation review" workflow).

wagtail-localize's translation editor can publish but knows nothing of
workflows; translators have no publish right, so this is how their work
reaches the reviewers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page, TaskState, WorkflowState
from wagtail_localize.models import Translation


class ReviewError(Exception):
    """The translation cannot be sent for review; the message says why."""


@dataclass(frozen=True)
class ReviewSubmission:
    page: Page
    workflow_state: WorkflowState
    resumed: bool


def translation_for_page(page: Page) -> Translation | None:
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key,
            target_locale_id=page.locale_id,
            enabled=True,
        )
        .select_related("source", "target_locale")
        .first()
    )


@contextmanager
def live_content_kept(page: Page) -> Iterator[None]:
    """Keep what visitors see of ``page`` while a draft of it is saved.

    wagtail-localize saves a draft translation into the page row itself before
    it makes the revision; the row is what the site serves, so on a live page
    the draft would go live without review. Put the live content back after.
    """
    page = page.specific
    live_content = page.serializable_data() if page.live else None
    yield
    if live_content is not None:
        current = page.__class__.objects.get(pk=page.pk)
        current.with_content_json(live_content).save(clean=False)


@transaction.atomic
def submit_translation_for_review(page: Page, user) -> ReviewSubmission:
    """Save the current translations as a new draft of ``page`` and put that
    draft into the page's workflow (or back into it after changes were asked)."""
    page = page.specific
    translation = translation_for_page(page)
    if translation is None:
        raise ReviewError(_("This page is not a translation managed here."))
    workflow = page.get_workflow()
    if workflow is None:
        raise ReviewError(_("No review workflow applies to this page."))
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        raise ReviewError(_("This translation is already waiting for review."))

    total, translated = translation.get_progress()
    if translated < total:
        missing = total - translated
        raise ReviewError(
            ngettext(
                "%(count)d segment is still untranslated.",
                "%(count)d segments are still untranslated.",
                missing,
            )
            % {"count": missing}
        )

    with live_content_kept(page):
        translation.save_target(user=user, publish=False)
    page.refresh_from_db()
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=user)
        return ReviewSubmission(page=page, workflow_state=state, resumed=True)
    workflow.start(page, user)
    page.refresh_from_db()
    return ReviewSubmission(
        page=page, workflow_state=page.current_workflow_state, resumed=False
    )


# --- The reviewer's decision, from the page they are reading --------------------

APPROVE = "approve"
REQUEST_CHANGES = "reject"  # Wagtail's name for "Request changes"
REVIEW_DECISIONS = (APPROVE, REQUEST_CHANGES)


def review_task_state(page: Page, user) -> TaskState | None:
    """The task ``user`` may decide on ``page`` now, or None."""
    state = page.current_workflow_task_state
    if state is None:
        return None
    actions = {
        name for name, _label, _modal in state.task.specific.get_actions(page, user)
    }
    return state if set(REVIEW_DECISIONS) <= actions else None


@transaction.atomic
def decide_review(page: Page, user, decision: str, comment: str = "") -> TaskState:
    """Approve (the page goes live) or request changes (with a comment for the
    translator), as Wagtail's own workflow action does."""
    if decision not in REVIEW_DECISIONS:
        raise ReviewError(_("Unknown review decision."))
    state = review_task_state(page, user)
    if state is None:
        raise ReviewError(_("This page is not waiting for your review."))
    comment = comment.strip()
    if decision == REQUEST_CHANGES and not comment:
        raise ReviewError(
            _("Say what should change: the translator reads your comment.")
        )
    state.task.specific.on_action(state, user, decision, comment=comment)
    return state
