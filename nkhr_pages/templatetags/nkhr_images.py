"""``{% protected_image %}``: Wagtail's image tag with identity protection.

An image flagged "do not identify" or whose consent has expired renders a
neutral placeholder, never the photo, so templates cannot leak it by mistake.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def protected_image(
    image, filter_spec: str, css_class: str = "", loading: str = "lazy"
):
    if image is None:
        return ""
    if not image.is_publicly_displayable():
        return format_html(
            '<span class="image-placeholder {}" role="img" aria-label="{}"></span>',
            css_class,
            _("Image withheld to protect the identity of the people shown"),
        )
    rendition = image.get_rendition(filter_spec)
    return rendition.img_tag(
        {"class": css_class, "loading": loading, "alt": image.default_alt_text}
    )
