"""``{% send_for_review_url page translation user as url %}``: the translation
editor's "Send for review" button, offered while the translator's work has a
change the reviewers have not approved yet (the dashboard panel's rule)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from wagtail.models import Locale, Page

from ..panels import has_unreviewed_change

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
