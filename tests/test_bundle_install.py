"""Each app of the bundle installed the way another Wagtail site would install it.

A stock site from ``wagtail start`` (the host) gets the usual companions
(wagtail-localize, Wagtail's contrib settings, sitemaps and search promotions),
then ONE app with what docs/apps.md says it needs: its INSTALLED_APPS, settings
and URLs, nothing else of this project's. ``check`` and ``migrate`` must pass,
and a page of each of the app's page types (built by a script run with the
host's ``manage.py shell``) must answer 200. SQLite in a temporary folder; the
worktree is on PYTHONPATH so the apps import without being installed; nothing
reaches the network (the host's own checks and pages make no outside calls).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOST = "hostsite"

# What every host in this test has, as the developer had it.
COMPANIONS = [
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "django.contrib.sitemaps",
]

# Per app: what docs/apps.md tells a host to add (apps before the companions,
# settings, URL lines). Kept in step with the document by hand: if one changes,
# the other must.
INSTALLS = {
    "nkhr_pages": {
        "apps": ["nkhr_pages", "nkhr_pages.translation", "nkhr_pages.mailing"],
        "settings": (
            'WAGTAILIMAGES_IMAGE_MODEL = "nkhr_pages.ProtectedImage"\n'
            'WAGTAILIMAGES_IMAGE_FORM_BASE = "nkhr_pages.forms.ProtectedImageForm"\n'
            'STORAGES = {**STORAGES, "default": '
            '{"BACKEND": "nkhr_pages.storage.ConsentAwareStorage"}}\n'
            'NKHR_PROTECTED_MEDIA_ROOT = BASE_DIR / "protected_media"\n'
            'WAGTAILDOCS_SERVE_METHOD = "serve_view"\n'
        ),
        "urls": [
            'path("protected-media/", include("nkhr_pages.media_urls"))',
            'path("newsletter/", include("nkhr_pages.mailing.urls"))',
            'path("", include("nkhr_pages.urls"))',
        ],
        "paths": ["/feeds/publications/rss/", "/newsletter/subscribe/"],
    },
    "nkhr_donations": {
        "apps": ["nkhr_donations"],
        "settings": "",
        "urls": ['path("donations/", include("nkhr_donations.urls"))'],
        "paths": [],
    },
    "search": {
        "apps": ["search"],
        "settings": "",
        "urls": ['path("search/", include("search.urls"))'],
        "paths": ["/search/?q=NewsPage", "/search/autocomplete/?q=New"],
    },
}

# The host names its own layout for the apps' templates (docs/apps.md); the
# marker proves the pages were rendered in it.
LAYOUT_MARKER = "<meta name=host-layout>"
LAYOUT = (
    '{% extends "base.html" %}{% block extra_css %}' + LAYOUT_MARKER + "{% endblock %}"
)
LAYOUT_SETTING = 'NKHR_BASE_TEMPLATE = "host_layout.html"\n'

# A host that skipped a step of docs/apps.md: the stock URLconf, and per app a
# companion app or setting left out. ``check`` must name each problem (by its
# check id) instead of a traceback at the first request.
BROKEN = {
    "nkhr_pages": {
        "settings": (
            'INSTALLED_APPS.remove("wagtail.contrib.settings")\n'
            "del WAGTAILIMAGES_IMAGE_MODEL\n"
        ),
        "ids": ["nkhr_pages.E101", "nkhr_pages.E103", "nkhr_pages.E105"],
    },
    "nkhr_donations": {
        "settings": 'DONATIONS_CHECKOUT_RATE_LIMIT = "ten a minute"\n',
        "ids": ["nkhr_donations.E002", "nkhr_donations.E003"],
    },
    "search": {
        "settings": 'INSTALLED_APPS.remove("wagtail.contrib.search_promotions")\n',
        "ids": ["nkhr_search.E001"],
    },
}

# Run inside the host (manage.py shell): one published page of each page type
# of the app under the host's own home page, each fetched with Django's test
# client. Prints {"missing": [...], "status": {model: code}} as JSON.
PAGE_SCRIPT = r"""
import datetime, json
from django.test import Client
from wagtail.models import Locale, Page, Site, get_page_models

APP = %(app)r
PATHS = %(paths)r
MARKER = %(marker)r
today = datetime.date.today()
home = Site.objects.get(is_default_site=True).root_page
locale = Locale.get_default()

def first_choice(model, name):
    return model._meta.get_field(name).choices[0][0]

def required_values(model):
    name = model.__name__
    if name == "MediaCoveragePage":
        from nkhr_pages.models import Outlet
        outlet = Outlet.objects.create(name="Host outlet", locale=locale)
        return {"publication_date": today, "outlet": outlet}
    if name == "EventPage":
        return {"start_date": today}
    if name == "NewsletterIssuePage":
        return {"series": first_choice(model, "series"), "issue_number": 1,
                "issue_date": today}
    if name == "ProgramPage":
        return {"kind": first_choice(model, "kind")}
    if name == "PublicationPage":
        return {"publication_type": first_choice(model, "publication_type"),
                "publication_date": today}
    return {}

def add(parent, model):
    slug = model.__name__.lower()
    page = model(title=model.__name__, slug=slug, locale=locale,
                 **required_values(model))
    page.full_clean(exclude=["path", "depth", "url_path"])
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page

status, layouts = {}, {}
models = [m for m in get_page_models() if m._meta.app_label == APP]
built = {}
# Parents first, so that a page type with parent_page_types lands under one.
for model in sorted(models, key=lambda m: not m.__name__.endswith("IndexPage")):
    parents = [p for p in model.allowed_parent_page_models()
               if p._meta.app_label == APP]
    parent = built.get(parents[0], home) if parents else home
    built[model] = add(parent, model)
client = Client()
for model, page in built.items():
    response = client.get(page.get_url())
    status[model.__name__] = response.status_code
    layouts[model.__name__] = MARKER in response.content.decode()
for path in PATHS:
    response = client.get(path)
    status[path] = response.status_code
    if "html" in response["Content-Type"]:
        layouts[path] = MARKER in response.content.decode()
print("RESULT " + json.dumps(
    {"status": status, "layouts": layouts, "count": len(models) + len(PATHS)}
))
"""


def _run(args: list[str], cwd: Path, env: dict, stdin: str | None = None):
    return subprocess.run(  # noqa: S603 (our own interpreter and commands)
        args,
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _configure_host(site: Path, app: str) -> None:
    """Edit the stock site as a developer following docs/apps.md would."""
    install = INSTALLS[app]
    settings_file = site / HOST / "settings" / "base.py"
    text = settings_file.read_text()
    listed = "".join(f'    "{name}",\n' for name in [*install["apps"], *COMPANIONS])
    if app == "search":
        # docs/apps.md: the host's own ``search`` app has the same Python name.
        shutil.rmtree(site / "search")
        text = text.replace('    "search",\n', "")
    text = text.replace("INSTALLED_APPS = [\n", "INSTALLED_APPS = [\n" + listed, 1)
    settings_file.write_text(text + "\n" + install["settings"] + LAYOUT_SETTING)
    (site / HOST / "templates" / "host_layout.html").write_text(LAYOUT)
    (site / HOST / "settings" / "broken.py").write_text(
        "from .dev import *  # noqa\n"
        f'ROOT_URLCONF = "{HOST}.stock_urls"\n' + BROKEN[app]["settings"]
    )

    urls_file = site / HOST / "urls.py"
    text = urls_file.read_text()
    if app == "search":
        text = text.replace("from search import views as search_views\n", "")
        text = re.sub(
            r'\s*path\("search/", search_views.search, name="search"\),', "", text
        )
    (site / HOST / "stock_urls.py").write_text(text)
    lines = "".join(f"    {line},\n" for line in install["urls"])
    text = text.replace("urlpatterns = [\n", "urlpatterns = [\n" + lines, 1)
    urls_file.write_text(text)


@pytest.fixture(scope="module")
def host_env() -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DJANGO_", "DATABASE_", "STRIPE_", "DONATIONS_", "NKHR_")
        )
    }
    env["PYTHONPATH"] = str(ROOT)
    env["DJANGO_SETTINGS_MODULE"] = f"{HOST}.settings.dev"
    return env


def _host(tmp_path: Path, app: str, env: dict) -> Path:
    tmp_path.mkdir()
    start_env = {k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"}
    made = _run([str(BIN / "wagtail"), "start", HOST, str(tmp_path)], ROOT, start_env)
    assert made.returncode == 0, made.stderr
    _configure_host(tmp_path, app)
    return tmp_path


def _manage(site: Path, env: dict, *args: str, stdin: str | None = None):
    return _run([sys.executable, "manage.py", *args], site, env, stdin=stdin)


@pytest.mark.host_site
@pytest.mark.parametrize("app", sorted(INSTALLS))
def test_app_installs_into_a_stock_wagtail_site(tmp_path, host_env, app):
    site = _host(tmp_path / "host", app, host_env)

    checked = _manage(site, host_env, "check", "--fail-level", "WARNING")
    assert checked.returncode == 0, checked.stderr + checked.stdout
    # The host's languages and LANGUAGE_CODE are not ours: no migration to make.
    drift = _manage(site, host_env, "makemigrations", "--check", "--dry-run")
    assert drift.returncode == 0, drift.stdout + drift.stderr
    migrated = _manage(site, host_env, "migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr

    script = PAGE_SCRIPT % {
        "app": app,
        "paths": INSTALLS[app]["paths"],
        "marker": LAYOUT_MARKER,
    }
    shell = _manage(site, host_env, "shell", stdin=script)
    assert shell.returncode == 0, shell.stderr
    result = json.loads(shell.stdout.split("RESULT ", 1)[1])
    assert result["count"] == len(result["status"])
    assert all(code == 200 for code in result["status"].values()), result
    assert result["layouts"], result
    assert all(result["layouts"].values()), result

    broken = _manage(site, host_env, "check", f"--settings={HOST}.settings.broken")
    assert broken.returncode == 1, broken.stderr + broken.stdout
    assert "Traceback" not in broken.stderr, broken.stderr
    for check_id in BROKEN[app]["ids"]:
        assert check_id in broken.stderr, broken.stderr


# --- In the project itself: the names and migrations behind the above ---


def test_page_types_take_no_reverse_name_a_host_may_own():
    from wagtail.models import Page, get_page_models

    ours = [
        model
        for model in get_page_models()
        if model._meta.app_label in {"nkhr_pages", "nkhr_donations"}
    ]
    assert ours
    for model in ours:
        link = model._meta.get_field("page_ptr")
        expected = f"{model._meta.app_label}_{model._meta.model_name}"
        assert link.remote_field.related_name == expected
        assert link.remote_field.get_accessor_name() == expected
        assert link.related_query_name() == expected
        assert hasattr(Page, expected)
    assert not hasattr(Page, "homepage")


@pytest.mark.parametrize(
    ("app", "migration"),
    [
        ("nkhr_pages", "0005_page_links_named_after_app"),
        ("nkhr_donations", "0005_page_link_named_after_app"),
        ("nkhr_donations", "0006_language_default_from_settings_at_runtime"),
        ("nkhr_pages", "0006_language_choices_from_settings_at_runtime"),
        ("nkhr_mailing", "0003_language_choices_from_settings_at_runtime"),
    ],
)
def test_migrations_for_hosts_leave_tables_and_rows_alone(tmp_path, app, migration):
    """Related names, choices and Python defaults live in Python only: these
    migrations must not touch a table (SQLite would rebuild it)."""
    # In a subprocess: sqlmigrate cannot run inside a test's transaction on SQLite.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    shown = _run([sys.executable, "manage.py", "sqlmigrate", app, migration], ROOT, env)
    assert shown.returncode == 0, shown.stderr
    statements = [
        line
        for line in shown.stdout.splitlines()
        if line.strip() and not line.startswith("--")
    ]
    assert statements in ([], ["BEGIN;", "COMMIT;"])
