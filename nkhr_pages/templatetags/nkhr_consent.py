"""``{% consent_badge image as badge %}``: the image's consent, for the admin's
image listing and choosers (nkhr_pages.image_consent)."""

from __future__ import annotations

from django import template

from ..image_consent import ConsentBadge
from ..image_consent import consent_badge as badge_of

register = template.Library()


@register.simple_tag
def consent_badge(image) -> ConsentBadge | None:
    return badge_of(image)
