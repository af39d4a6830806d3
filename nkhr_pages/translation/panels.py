"""The dashboard panel "Translations waiting for you"."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from wagtail.admin.ui.components import Component

from .notifications import open_notices

MAX_NOTICES = 20


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
            items.append({"notice": notice, "target": target, "edit_url": edit_url})
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
