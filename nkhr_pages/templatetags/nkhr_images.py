"""``{% protected_image %}``: Wagtail's image tag with identity protection.

An image flagged "do not identify" or whose consent has expired renders a
neutral placeholder, never the photo, so templates cannot leak it by mistake.
Every public path an image takes (page templates, blocks, feeds, OpenGraph)
goes through ``displayable_image`` below.

Displayable images come with a ``srcset`` of narrower renditions (phones get
small files), ``width``/``height`` (no layout shift) and ``loading="lazy"``
unless the template says the image is above the fold (``"eager"``).
"""

from __future__ import annotations

import re

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

PLACEHOLDER_STATIC = "nkhr_pages/img/placeholder.png"
# Widths offered to the browser in ``srcset``, on top of the requested size.
SRCSET_WIDTHS = (480, 800, 1200)
_FILL = re.compile(r"^fill-(\d+)x(\d+)(.*)$")
_WIDTH = re.compile(r"^(?:width|max)-(\d+)(.*)$")


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


def srcset_specs(filter_spec: str) -> list[str]:
    """Narrower variants of ``filter_spec`` (same crop), widest first.

    ``fill-1600x600`` gives ``fill-1200x450``, ``fill-800x300``, ``fill-480x180``;
    ``width-1200`` gives ``width-800``, ``width-480``. Other specs (``original``,
    ``height-...``) get no variants.
    """
    if match := _FILL.match(filter_spec):
        width, height, rest = int(match[1]), int(match[2]), match[3]
        return [
            f"fill-{w}x{round(height * w / width)}{rest}"
            for w in sorted(SRCSET_WIDTHS, reverse=True)
            if w < width
        ]
    if match := _WIDTH.match(filter_spec):
        width, rest = int(match[1]), match[2]
        return [
            f"width-{w}{rest}" for w in sorted(SRCSET_WIDTHS, reverse=True) if w < width
        ]
    return []


@register.simple_tag
def protected_image(
    image,
    filter_spec: str,
    css_class: str = "",
    loading: str = "lazy",
    sizes: str = "(min-width: 70rem) 70rem, 100vw",
):
    if image is None:
        return ""
    if displayable_image(image) is None:
        return placeholder_html(css_class)
    # One query (or cache hit) for the main rendition and all its variants.
    renditions = image.get_renditions(filter_spec, *srcset_specs(filter_spec))
    main = renditions[filter_spec]
    widths = {}
    for rendition in renditions.values():
        widths.setdefault(rendition.width, rendition.url)  # small originals repeat
    attributes = {
        "class": css_class,
        "loading": loading,
        "decoding": "async",
        "alt": image.alt_text_for(),
    }
    if len(widths) > 1:
        attributes["srcset"] = ", ".join(
            f"{url} {width}w" for width, url in sorted(widths.items())
        )
        attributes["sizes"] = sizes
    if loading == "eager":
        attributes["fetchpriority"] = "high"
    return main.img_tag(attributes)


@register.simple_tag(takes_context=True)
def share_image_url(context, image, filter_spec: str = "fill-1200x630") -> str:
    """Absolute URL for og:image / twitter:image: the image's rendition, or the
    placeholder when the image must not be shown."""
    request = context.get("request")
    image = displayable_image(image)
    url = image.get_rendition(filter_spec).url if image else static(PLACEHOLDER_STATIC)
    return request.build_absolute_uri(url) if request else url
