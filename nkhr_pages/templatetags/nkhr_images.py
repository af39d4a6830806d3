"""``{% protected_image %}``: Wagtail's image tag with identity protection.

An image flagged "do not identify" or whose consent has expired renders a
neutral placeholder, never the photo, so templates cannot leak it by mistake.
Every public path an image takes (page templates, blocks, feeds, OpenGraph)
goes through ``displayable_image`` below.
"""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

PLACEHOLDER_STATIC = "nkhr_pages/img/placeholder.png"


def displayable_image(image):
    """``image`` when it may be shown publicly, else None."""
    if image is None or not image.is_publicly_displayable():
        return None
    return image


def placeholder_html(css_class: str = "") -> str:
    return format_html(
        '<span class="image-placeholder {}" role="img" aria-label="{}"></span>',
        css_class,
        _("Image withheld to protect the identity of the people shown"),
    )


@register.simple_tag
def protected_image(
    image, filter_spec: str, css_class: str = "", loading: str = "lazy"
):
    if image is None:
        return ""
    if displayable_image(image) is None:
        return placeholder_html(css_class)
    rendition = image.get_rendition(filter_spec)
    return rendition.img_tag(
        {"class": css_class, "loading": loading, "alt": image.alt_text_for()}
    )


@register.simple_tag(takes_context=True)
def share_image_url(context, image, filter_spec: str = "fill-1200x630") -> str:
    """Absolute URL for og:image / twitter:image: the image's rendition, or the
    placeholder when the image must not be shown."""
    request = context.get("request")
    image = displayable_image(image)
    url = image.get_rendition(filter_spec).url if image else static(PLACEHOLDER_STATIC)
    return request.build_absolute_uri(url) if request else url
