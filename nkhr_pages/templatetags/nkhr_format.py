"""Dates and numbers as each language writes them, one format per language.

Django's own ``DATE_FORMAT`` gives "Dec. 15, 2024" in English and its
``SHORT_DATE_FORMAT`` "12/15/2024"; the site writes one long form everywhere:
"15 December 2024" and "2024년 12월 15일". Machine formats (``<time datetime>``,
feeds, sitemaps) keep ISO 8601 and never use these filters.
"""

from __future__ import annotations

import re

from django import template
from django.utils import formats

from ..dates import DATE_FORMATS, local_date_text  # noqa: F401 (DATE_FORMATS re-exported)

register = template.Library()


@register.filter
def local_date(value, precision: str = "day") -> str:
    """``{{ page.publication_date|local_date }}``, or ``|local_date:"month"``."""
    return local_date_text(value, precision)


@register.filter
def local_date_range(start, end) -> str:
    """ "3 – 5 June 2024" style ranges are ambiguous across languages; the site
    writes both dates in full, or one when they are the same day."""
    if not end or end == start:
        return local_date_text(start)
    return f"{local_date_text(start)} – {local_date_text(end)}"


@register.filter
def local_number(value) -> str:
    """Whole numbers with thousands separators in both languages (1,200)."""
    if value is None or value == "":
        return ""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    return formats.number_format(
        number, decimal_pos=0, use_l10n=True, force_grouping=True
    )


# A Korean counter (and "이상"/"이하") opening a figure's label belongs to the
# figure: "12" + "개 주요 언론사" is shown "12개" / "주요 언론사", never with
# the counter alone on the next line. A counter is only split off when a space
# follows it, so "회원" or "명단" stay whole.
_KOREAN_COUNTER = re.compile(
    r"^(?P<counter>(?:개국|개월|번째|시간|만|억|개|명|회|건|곳|편|권|차|년|일|배|위|%)"
    r"(?:\s+(?:이상|이하|넘게|가량))?)(?:\s+|$)"
)


def figure_parts(figure: str, label: str) -> tuple[str, str]:
    """``(figure, label)`` with a Korean counter moved from the label onto the
    figure, written without a space (``"500명 이상"``)."""
    figure, label = str(figure or "").strip(), str(label or "").strip()
    match = _KOREAN_COUNTER.match(label)
    if not figure or not match:
        return figure, label
    return f"{figure}{match['counter']}", label[match.end() :]


@register.simple_tag
def stat_parts(figure, label) -> dict[str, str]:
    """``{% stat_parts value.figure value.label as stat %}``: ``stat.figure``
    and ``stat.label`` ready to show apart."""
    figure, label = figure_parts(figure, label)
    return {"figure": figure, "label": label}
