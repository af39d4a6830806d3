"""``{{ page.start_date|partial_date:page.date_precision }}``: a date shown only
as precisely as the documents give it (``nkhr_pages.dates``)."""

from django import template

from ..dates import DatePrecision, format_partial_date, iso_partial_date

register = template.Library()


@register.filter
def partial_date(value, precision=None) -> str:
    return format_partial_date(value, precision or DatePrecision.DAY)


@register.filter
def partial_date_iso(value, precision=None) -> str:
    return iso_partial_date(value, precision or DatePrecision.DAY)
