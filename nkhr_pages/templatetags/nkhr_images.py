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
# Covers are portrait (3:4) everywhere, in one spec, so a publication's card,
# its page and its search hit share the same few renditions.
COVER_SPEC = "fill-600x800"
# Covers are shown 4-16rem wide (a campaign's timeline, the archive's rows,
# the home page's cards, the publication's page): narrower widths too, so a
# phone downloads what it shows (a 5.5rem cover at 1.75 dppx: the 180 px file,
# not the 480 px one). Heights stay whole numbers at 3:4.
SPEC_SRCSET_WIDTHS = {COVER_SPEC: (180, 240, 360, 480)}
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
    ``height-...``) get no variants. Specs shown small (``SPEC_SRCSET_WIDTHS``,
    the covers) get their own narrower widths.
    """
    widths = SPEC_SRCSET_WIDTHS.get(filter_spec, SRCSET_WIDTHS)
    if match := _FILL.match(filter_spec):
        width, height, rest = int(match[1]), int(match[2]), match[3]
        return [
            f"fill-{w}x{round(height * w / width)}{rest}"
            for w in sorted(widths, reverse=True)
            if w < width
        ]
    if match := _WIDTH.match(filter_spec):
        width, rest = int(match[1]), match[2]
        return [f"width-{w}{rest}" for w in sorted(widths, reverse=True) if w < width]
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


# --- Responsive pictures (home page sections, cards) ---

# Formats offered by ``{% responsive_image %}``: AVIF first (smallest), then
# WebP in the <img> itself, which every current browser decodes. The last one
# is the fallback. ``NKHR_PICTURE_FORMATS`` overrides them (e.g. ``("webp",)``
# where Pillow lacks AVIF, whose encoding is also slower).
PICTURE_FORMATS = ("avif", "webp")


def picture_formats() -> tuple[str, ...]:
    from django.conf import settings

    return tuple(getattr(settings, "NKHR_PICTURE_FORMATS", PICTURE_FORMATS))


def picture_specs(filter_spec: str) -> list[str]:
    """Every rendition ``{% responsive_image %}`` needs for ``filter_spec``:
    each width of the ``srcset`` in each format. Querysets prefetch exactly
    these (``prefetch_renditions(*picture_specs(spec))``), so a list of cards
    costs one query for all its renditions."""
    widths = [filter_spec, *srcset_specs(filter_spec)]
    return [f"{spec}|format-{fmt}" for spec in widths for fmt in picture_formats()]


def _srcset(renditions) -> str:
    widths = {}
    for rendition in renditions:
        widths.setdefault(rendition.width, rendition.url)  # small originals repeat
    return ", ".join(f"{url} {width}w" for width, url in sorted(widths.items()))


@register.inclusion_tag("nkhr_pages/includes/responsive_image.html")
def responsive_image(
    image,
    filter_spec: str,
    css_class: str = "",
    sizes: str = "100vw",
    loading: str = "lazy",
    alt: str | None = None,
) -> dict:
    """A ``<picture>`` with AVIF and WebP ``srcset``s, ``sizes``, dimensions and
    lazy loading (``"eager"`` above the fold adds ``fetchpriority="high"``).
    ``alt`` replaces the image's own description (``""``: decorative).

    Identity protection first: an image that may not be shown publicly gives
    the placeholder, and none of its renditions is even looked up."""
    return picture_context(image, filter_spec, css_class, sizes, loading, alt)


def picture_context(
    image,
    filter_spec: str,
    css_class: str = "",
    sizes: str = "100vw",
    loading: str = "lazy",
    alt: str | None = None,
) -> dict:
    """What ``includes/responsive_image.html`` needs to draw ``image``."""
    if image is None:
        return {"image": None}
    if displayable_image(image) is None:
        return {"image": None, "placeholder": placeholder_html(css_class)}
    specs = picture_specs(filter_spec)
    renditions = image.get_renditions(*specs)
    formats = picture_formats()
    by_format = {
        fmt: [renditions[spec] for spec in specs if spec.endswith(f"format-{fmt}")]
        for fmt in formats
    }
    fallback = formats[-1]
    main = by_format[fallback][0]
    return {
        "image": image,
        "css_class": css_class,
        "sizes": sizes,
        "loading": loading,
        "eager": loading == "eager",
        "alt": image.alt_text_for() if alt is None else alt,
        "src": main.url,
        "width": main.width,
        "height": main.height,
        "sources": [
            {"type": f"image/{fmt}", "srcset": _srcset(by_format[fmt])}
            for fmt in formats[:-1]
        ],
        "srcset": _srcset(by_format[fallback]),
    }


# The home page's cover cards (site.css .card-grid--covers): 176-224 px wide
# from 48em, 118-153 px from 22rem (two or more to a row), one below it.
CARD_COVER_SIZES = (
    "(min-width: 48em) 14rem, (min-width: 22rem) 10rem, calc(100vw - 4rem)"
)


@register.inclusion_tag("nkhr_pages/includes/publication_cover.html")
def publication_cover(
    publication,
    loading: str = "lazy",
    sizes: str = CARD_COVER_SIZES,
    alt: str | None = "",
) -> dict:
    """A publication's cover: its cover image, the one drawn from its PDF, or
    a typographic cover with its type, title and year.

    Decorative by default (``alt=""``, the typographic cover ``aria-hidden``):
    where a cover is shown, the publication's title is beside it (a card's
    link, the page's heading), and a screen reader would hear it twice.
    ``alt=None`` gives the image's own description."""
    from ..covers import cover_for

    image = cover_for(publication)
    return {
        **picture_context(image, COVER_SPEC, "", sizes, loading, alt),
        "publication": publication,
    }
