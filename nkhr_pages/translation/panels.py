"""The dashboard panel "Translations waiting for you"."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState
from wagtail_localize.models import SegmentOverride, StringTranslation, Translation

from .notifications import open_notices

MAX_NOTICES = 20


def has_unreviewed_change(page: Page, translation: Translation) -> bool:
    """Does the translated ``page`` hold work the reviewers have not approved?

    After approval the page is live and unchanged: offering "Send for review"
    there started a new review of the same text and emailed the reviewers again.
    """
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return False  # already with the reviewers
    if not page.live or page.has_unpublished_changes or not page.last_published_at:
        return True
    approved_at = page.last_published_at
    if translation.source.last_updated_at > approved_at:
        return True  # the source changed since
    strings = StringTranslation.objects.filter(
        locale_id=translation.target_locale_id,
        translation_of__segments__source_id=translation.source_id,
        updated_at__gt=approved_at,
    )
    overrides = SegmentOverride.objects.filter(
        locale_id=translation.target_locale_id,
        context__object_id=translation.source.object_id,
        updated_at__gt=approved_at,
    )
    return strings.exists() or overrides.exists()


class TranslationsWaitingPanel(Component):
    """Open notices of the current user, newest first, with links to the work."""

    name = "nkhr_translations_waiting"
    template_name = "nkhr_translation/home/translations_waiting.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        items = []
        for notice in open_notices(self.request.user)[:MAX_NOTICES]:
            try:
                target = notice.translation.get_target_instance()
                edit_url = notice.translation.get_target_instance_edit_url()
            except ObjectDoesNotExist:
                target, edit_url = None, ""
            may_send = isinstance(target, Page) and has_unreviewed_change(
                target, notice.translation
            )
            items.append(
                {
                    "notice": notice,
                    "target": target,
                    "edit_url": edit_url,
                    "may_send_for_review": may_send,
                }
            )
        context.update(
            {
                "items": items,
                "request": self.request,
                "csrf_token": parent_context.get("csrf_token"),
            }
        )
        return context

    def render_html(self, parent_context=None):
        if not open_notices(self.request.user).exists():
            return ""
        return super().render_html(parent_context)
