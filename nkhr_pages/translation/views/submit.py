"""wagtail-localize's "Translate" views, sending the user somewhere they may go.

After submitting to one locale, wagtail-localize opens the new translation's
edit view. An English editor is not a Korean translator: they saw the success
message and then "Sorry, you do not have permission to access this area". When
the user may not change the translation, they go back to the source instead.
"""

from __future__ import annotations

from django.db.models import Model
from django.urls import reverse
from wagtail_localize.views import submit_translations

from ..permissions import user_may_change_instance


def _may_edit(user, translated: Model | None) -> bool:
    return translated is not None and user_may_change_instance(user, translated)


class SubmitPageTranslationView(submit_translations.SubmitPageTranslationView):
    def get_default_success_url(self, translated_page=None) -> str:
        if translated_page is not None and not _may_edit(
            self.request.user, translated_page
        ):
            return reverse("wagtailadmin_pages:edit", args=[self.object.pk])
        return super().get_default_success_url(translated_page)


class SubmitSnippetTranslationView(submit_translations.SubmitSnippetTranslationView):
    def get_default_success_url(self, translated_snippet=None) -> str:
        if not _may_edit(self.request.user, translated_snippet):
            translated_snippet = None  # the source snippet's edit view
        return super().get_default_success_url(translated_snippet)
