"""``{% page_url_for_mail page %}`` for the overridden workflow emails."""

from __future__ import annotations

from django import template

from ..mail_links import page_url_for_mail as _page_url_for_mail

register = template.Library()


@register.simple_tag
def page_url_for_mail(page) -> str:
    return _page_url_for_mail(page) if page is not None else ""
