"""The admin sends the editor's browser to no outside address (the site runs
where only its own server may be reached)."""

import re

import pytest

pytestmark = pytest.mark.django_db

OUTSIDE = re.compile(r"(?:https?:)?//(?!127\.0\.0\.1|localhost|testserver)[\w.-]+")


@pytest.mark.parametrize("path", ["/admin/", "/admin/account/", "/admin/users/"])
def test_admin_pages_name_no_outside_address(admin_client, path):
    html = admin_client.get(path, follow=True).content.decode()
    assert "w-upgrade" not in html  # the version check asks releases.wagtail.org
    assert "gravatar.com" not in html
    # Outside addresses in src/href (links *to* documentation are fine: they are
    # only followed by a click, not loaded by the page).
    loaded = re.findall(r'src="([^"]+)"', html)
    assert [url for url in loaded if OUTSIDE.match(url)] == []
