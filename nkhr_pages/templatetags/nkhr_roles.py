"""``{% staff_roles as roles %}``: what each staff role may do, for the group
and user screens. Each app that has roles says so with ``role_descriptions()``
on its AppConfig (a list of (name, description)), so the page app knows none
of them."""

from __future__ import annotations

from django import template
from django.apps import apps

register = template.Library()


@register.simple_tag
def staff_roles() -> list[tuple[str, str]]:
    roles: list[tuple[str, str]] = []
    for app_config in apps.get_app_configs():
        describe = getattr(app_config, "role_descriptions", None)
        if callable(describe):
            roles += describe()
    return roles
