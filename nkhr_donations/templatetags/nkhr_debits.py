"""``{% cms_pledge_url page as url %}``: the CMS pledge form of a donation page,
or "" while CMS pledges are not taken (for the link on the donation page)."""

from django import template
from django.urls import reverse

from .. import debits

register = template.Library()


@register.simple_tag
def cms_pledge_url(page) -> str:
    if page is None or not page.pk or not debits.is_available():
        return ""
    return reverse("nkhr_donations:cms_pledge", args=[page.pk])
