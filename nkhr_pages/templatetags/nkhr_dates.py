"""``<time datetime="{{ page.start_date|partial_date_iso:page.date_precision }}">``:
the machine-readable form of a date known only to its month or year
(``nkhr_pages.dates``). Its text is written by ``nkhr_format.local_date``."""

from django import template

from ..dates import DatePrecision, iso_partial_date

register = template.Library()


@register.filter
def partial_date_iso(value, precision=None) -> str:
    return iso_partial_date(value, precision or DatePrecision.DAY)
