"""The translation editor's workflow buttons: ``{% send_for_review_url %}`` for
the translator, offered while their work has a change the reviewers have not
approved yet (the dashboard panel's rule), and ``{% review_decision_urls %}``
for a reviewer reading a page that waits for them."""

from __future__ import annotations

from django import template
from django.urls import reverse
from wagtail.models import Locale, Page

from ..panels import has_unreviewed_change
from ..review import APPROVE, REQUEST_CHANGES, review_task_state

register = template.Library()


@register.simple_tag
def send_for_review_url(instance, translation, user) -> str:
    if not isinstance(instance, Page) or translation is None:
        return ""
    if instance.locale_id == Locale.get_default().pk:
        return ""
    if not instance.permissions_for_user(user).can_edit():
        return ""
    if not has_unreviewed_change(instance, translation):
        return ""
    return reverse("nkhr_translation:submit_for_review", args=[instance.pk])


@register.simple_tag
def review_decision_urls(instance, user) -> dict[str, str]:
    """Approve / Request changes for a reviewer reading a page in review."""
    if not isinstance(instance, Page) or review_task_state(instance, user) is None:
        return {}
    return {
        decision: reverse(
            "nkhr_translation:review_decision", args=[instance.pk, decision]
        )
        for decision in (APPROVE, REQUEST_CHANGES)
    }
