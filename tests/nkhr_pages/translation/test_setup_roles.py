"""``manage.py setup_roles`` creates every staff role, and the group and user
screens say what each role may do."""

from __future__ import annotations

import io

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import GroupPagePermission
from wagtail.users.models import UserProfile

ROLES = {"Editors", "Korean translators", "Reviewers", "Finance"}


def _grants() -> dict[str, tuple[int, int]]:
    return {
        group.name: (
            group.permissions.count(),
            GroupPagePermission.objects.filter(group=group).count(),
        )
        for group in Group.objects.filter(name__in=ROLES)
    }


def test_setup_roles_creates_every_role_and_is_idempotent(home_pages):
    Group.objects.filter(name__in=ROLES).delete()
    out = io.StringIO()
    call_command("setup_roles", stdout=out)
    assert set(Group.objects.values_list("name", flat=True)) >= ROLES
    first = _grants()
    assert all(model_count for model_count, _pages in first.values())
    call_command("setup_roles", stdout=io.StringIO())
    assert _grants() == first
    assert "Roles are in place." in out.getvalue()


def test_group_and_user_screens_describe_the_roles(
    admin_client, admin_user, home_pages
):
    call_command("setup_roles", stdout=io.StringIO())
    group = Group.objects.get(name="Reviewers")
    screens = [
        reverse("wagtailusers_groups:edit", args=[group.pk]),
        reverse("wagtailusers_groups:add"),
        reverse("wagtailusers_users:edit", args=[admin_user.pk]),
        reverse("wagtailusers_users:add"),
    ]
    for url in screens:
        html = admin_client.get(url).content.decode()
        assert "What each role may do" in html, url
        assert "Approve translations, which publishes them" in html, url
        assert "Translate pages and snippets into Korean" in html, url
        assert "marks bank transfers as received" in html, url
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "ko"
    profile.save()
    html = admin_client.get(screens[0]).content.decode()
    assert "역할별 권한" in html
    assert "번역을 승인하거나" in html
