# ruff: noqa: T201, S603, S607, S310, E501 (a command-line tool; Markdown table rows)
"""Site benchmark: the demo site under gunicorn on loopback, loaded with wrk.

Production settings (DEBUG off, collectstatic with hashed names, WhiteNoise,
Redis cache, PostgreSQL), all started on 127.0.0.1 by the project's scripts.
In one run it measures requests per second for

- a static file of the same size as the cached page (WhiteNoise),
- a page served from the full-page cache (/en/about/),
- a cached page with a CSRF-protected form (the donation page), which gets
  each visitor's own token put in on every hit,
- the home page rendered for every request (a query string bypasses the cache),

and the SQL queries of that uncached home page, and Lighthouse's Performance score
of every public page type in both languages (lighthouse_performance.py), then
records the figures in docs/benchmarks.md. Run it with ``scripts/benchmark site``
(``--only throughput`` or ``--only lighthouse`` for one part).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
RUN = ROOT / ".run" / "benchmark-site"
DOC = ROOT / "docs" / "benchmarks.md"
PORT = int(os.environ.get("NKHR_BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
CACHED_PATH = "/en/about/"
FORM_PATH = "/en/donate/"
UNCACHED_PATH = "/en/?uncached=1"
STATIC_PATH = "/static/benchmark/same-size.html"
URLS = {
    "static": STATIC_PATH,
    "cached": CACHED_PATH,
    "form-first": FORM_PATH,
    "form-returning": FORM_PATH,
    "uncached": UNCACHED_PATH,
}
GOAL_CACHED = 0.9
GOAL_UNCACHED = 1 / 48
QUERY_BUDGET = 15

QUERY_COUNT_SNIPPET = """
import time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
import nkhr_pages.templatetags.nkhr_layout as layout
from nkhr_pages.page_cache import bump_generation
client = Client()
def count(label, before=None):
    client.get("/en/?warm=1")
    if before:
        before()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/?count=1")
    assert response.status_code == 200, response.status_code
    print(label + "_QUERIES", len(queries))
def per_render(label, before=None, renders=40):
    started = time.perf_counter()
    for number in range(renders):
        if before:
            before()
        client.get(f"/en/?render={number}")
    print(label + "_MS", (time.perf_counter() - started) / renders * 1000)
# As served: the sections' and the footer's HTML kept (cached_fragment).
count("UNCACHED")
per_render("UNCACHED")
# Right after a publish: every kept part (menu, calls to action, settings,
# sections) is built again by the first request.
count("AFTER_PUBLISH", bump_generation)
per_render("AFTER_PUBLISH", bump_generation)
# The sections rendered on every request (nothing of them kept).
kept = layout.cached_html
layout.cached_html = lambda request, name, render: render()
count("SECTIONS")
per_render("SECTIONS")
layout.cached_html = kept
"""

MENU_SNIPPET = """
from wagtail.models import Site
home = Site.objects.get(is_default_site=True).root_page
for root in home.get_translations(inclusive=True):
    for child in root.get_children().specific():
        child.show_in_menus = True
        child.save_revision().publish()
"""


def sh(*args: str, env: dict[str, str], capture: bool = False) -> str:
    result = subprocess.run(
        args, cwd=ROOT, env=env, check=True, text=True, capture_output=capture
    )
    return result.stdout if capture else ""


def service(name: str) -> str:
    url = subprocess.run(
        ["bash", f"scripts/services/{name}.sh", "start"],
        cwd=ROOT,
        check=True,
        text=True,
        capture_output=True,
    ).stdout.strip()
    if not url:
        sys.exit(f"{name} could not be started")
    return url


def fresh_postgres_database(server_url: str) -> str:
    import psycopg

    admin_url = server_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS nkhr_benchmark")
        conn.execute("CREATE DATABASE nkhr_benchmark")
    return server_url.rsplit("/", 1)[0] + "/nkhr_benchmark"


def production_env(database_url: str, redis_url: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "ELASTICSEARCH_"))
    }
    env.update(
        # Production, and the uploads served as a web server would (settings.py).
        DJANGO_SETTINGS_MODULE="tests.benchmarks.site.settings",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver,bench.nkhr.test",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        STATIC_ROOT=str(RUN / "static"),
        MEDIA_ROOT=str(RUN / "media"),
        # Production refuses a loopback public address (links in staff mail);
        # every request of the benchmark still goes to BASE on 127.0.0.1.
        WAGTAILADMIN_BASE_URL="http://bench.nkhr.test",
        LOG_LEVEL="ERROR",
        PATH=f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
    )
    return env


class Gunicorn:
    def __init__(self, env: dict[str, str], workers: int):
        self.env, self.workers, self.process = env, workers, None

    def __enter__(self) -> Gunicorn:
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "cms.wsgi",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{BASE}/en/", timeout=2)
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        sys.exit("gunicorn did not start")

    def __exit__(self, *exc_info) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


def fetch(path: str) -> tuple[bytes, dict[str, str]]:
    with urllib.request.urlopen(BASE + path, timeout=10) as response:
        return response.read(), dict(response.headers)


def wrk(path: str, seconds: int, connections: int, cookie: str = "") -> float:
    header = ["--header", f"Cookie: {cookie}"] if cookie else []
    output = subprocess.run(
        [
            "wrk",
            "--threads",
            "1",
            "--connections",
            str(connections),
            "--duration",
            f"{seconds}s",
            *header,
            BASE + path,
        ],
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    if "Non-2xx" in output:
        sys.exit(f"wrk saw errors for {path}:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return (
        f"{platform.node()}: {os.cpu_count()} cores ({cpu}), "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def record(section: str, marker: str = "site") -> None:
    DOC.parent.mkdir(exist_ok=True)
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    block = f"{start}\n{section}\n{end}"
    if start in text:
        text = re.sub(f"{start}.*?{end}", lambda _m: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    # 2 x cores + 1, gunicorn's own advice: workers waiting on PostgreSQL or
    # Redis leave the CPU to the others.
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--no-record", action="store_true")
    parser.add_argument(
        "--only",
        choices=["throughput", "lighthouse"],
        help="run only wrk's throughput rounds or only Lighthouse Performance",
    )
    args = parser.parse_args()

    shutil.rmtree(RUN, ignore_errors=True)
    RUN.mkdir(parents=True)
    database_url = fresh_postgres_database(service("postgres"))
    redis_url = service("redis")
    env = production_env(database_url, redis_url)
    manage = [str(ROOT / ".venv" / "bin" / "python"), "manage.py"]
    print("==> migrate, demo content, collectstatic", flush=True)
    sh(*manage, "migrate", "--noinput", "-v0", env=env)
    sh(*manage, "load_demo_content", env=env)
    # Editors tick "Show in menus"; the demo loader leaves that to them.
    sh(*manage, "shell", "-c", MENU_SNIPPET, env=env)
    sh(*manage, "collectstatic", "--noinput", "-v0", env=env)
    sh("redis-cli", "-u", redis_url, "flushdb", env=env, capture=True)
    home_probe = sh(*manage, "shell", "-c", QUERY_COUNT_SNIPPET, env=env, capture=True)
    probe = {
        name: float(value)
        for name, value in re.findall(r"^([A-Z_]+) ([0-9.]+)$", home_probe, re.M)
    }
    queries = int(probe["UNCACHED_QUERIES"])
    sections_queries = int(probe["SECTIONS_QUERIES"])

    # WhiteNoise indexes STATIC_ROOT at start-up: learn the page size first,
    # then write a static file of exactly that size and start again.
    with Gunicorn(env, args.workers):
        page, _headers = fetch(CACHED_PATH)
    static_dir = RUN / "static" / "benchmark"
    static_dir.mkdir(parents=True, exist_ok=True)
    (static_dir / "same-size.html").write_bytes(b"x" * len(page))

    with Gunicorn(env, args.workers):
        for path in (CACHED_PATH, FORM_PATH):
            fetch(path)
            _body, headers = fetch(path)
            if headers.get("X-Page-Cache") != "hit":
                sys.exit(f"{path} was not served from the page cache: {headers}")
        set_cookie = headers.get("Set-Cookie", "")
        csrf_cookie = set_cookie.split(";", 1)[0] if "csrftoken=" in set_cookie else ""
        if not csrf_cookie:
            sys.exit(f"{FORM_PATH} set no CSRF cookie: {headers}")
        _body, css_headers = fetch("/en/")
        css = re.search(rb'href="(/static/css/site\.[0-9a-f]+\.css)"', _body)
        css_cache = fetch(css[1].decode())[1].get("Cache-Control", "") if css else ""
        lighthouse_section, lighthouse_met = "", True
        if args.only != "throughput":
            # A sibling module: this file runs as a script, its folder on sys.path.
            from lighthouse_performance import run as lighthouse

            lighthouse_section, lighthouse_met = lighthouse(BASE)
            print(lighthouse_section)
            if not args.no_record:
                record(lighthouse_section, "site-lighthouse")
        if args.only == "lighthouse":
            return 0 if lighthouse_met else 1
        # Interleaved rounds, median per URL: the machine is shared, and a
        # burst of someone else's work should not land on one URL only.
        print(f"==> wrk, {args.rounds} rounds of {args.seconds}s per URL")
        samples: dict[str, list[float]] = {label: [] for label in URLS}
        for round_number in range(1, args.rounds + 1):
            for label, path in URLS.items():
                # A returning visitor's browser sends the CSRF cookie it got on
                # its first page; wrk otherwise looks like a first visit.
                cookie = csrf_cookie if label == "form-returning" else ""
                rate = wrk(path, args.seconds, args.connections, cookie)
                samples[label].append(rate)
                print(
                    f"    round {round_number} {label:9} {rate:9.1f} req/s", flush=True
                )
        rates = {label: statistics.median(values) for label, values in samples.items()}

    cached_ratio = rates["cached"] / rates["static"]
    form_ratio = rates["form-first"] / rates["static"]
    returning_ratio = rates["form-returning"] / rates["static"]
    uncached_ratio = rates["uncached"] / rates["static"]
    verdict = {
        "cached": cached_ratio >= GOAL_CACHED,
        "uncached": uncached_ratio >= GOAL_UNCACHED,
        "queries": sections_queries <= QUERY_BUDGET,
    }
    rounds_text = "; ".join(
        f"{label} " + ", ".join(f"{rate:.0f}" for rate in values)
        for label, values in samples.items()
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    ok = lambda passed: "met" if passed else "NOT met"  # noqa: E731
    date = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = f"""## Public site: cached, uncached and static throughput

`scripts/benchmark site` ({date}; {machine()}).
gunicorn, {args.workers} sync workers, production settings (WhiteNoise with
hashed static files, Redis cache, PostgreSQL; uploads served by Django, as the
web server would in production), demo content; wrk 1 thread,
{args.connections} connections, {args.rounds} interleaved rounds of {args.seconds} s
per URL (median shown; all rounds: {rounds_text}), all on loopback.

| what | URL | requests/s | ratio to static |
|---|---|---:|---:|
| static file, same size ({len(page):,} bytes) | `{STATIC_PATH}` | {rates["static"]:.1f} | 1 |
| cached page | `{CACHED_PATH}` | {rates["cached"]:.1f} | {cached_ratio:.2f} |
| cached page with a CSRF form, first visit (new CSRF cookie) | `{FORM_PATH}` | {rates["form-first"]:.1f} | {form_ratio:.2f} |
| cached page with a CSRF form, returning visitor (sends its cookie) | `{FORM_PATH}` | {rates["form-returning"]:.1f} | {returning_ratio:.2f} |
| uncached home page | `{UNCACHED_PATH}` | {rates["uncached"]:.1f} | 1/{1 / uncached_ratio:.0f} |

- Cached page at {cached_ratio:.2f} of static (goal >= {GOAL_CACHED}):
  {ok(verdict["cached"])}.
- Uncached home at 1/{1 / uncached_ratio:.0f} of static (goal 1/48 or better):
  {ok(verdict["uncached"])}.
- Uncached home page: {queries} SQL queries as served (its sections' and
  footer's HTML kept like whole pages, until anything is published);
  {sections_queries} with its sections rendered on every request (goal <= {QUERY_BUDGET}):
  {ok(verdict["queries"])} (asserted, constant in the number of items, in
  tests/nkhr_pages/test_home.py); {int(probe["AFTER_PUBLISH_QUERIES"])} on the first request after a
  publish, which builds again every kept part (menu, calls to action,
  settings, sections).
- One Django process, no load (Django's test client in `manage.py shell`), ms per
  render of the uncached home: {probe["UNCACHED_MS"]:.1f} as served,
  {probe["SECTIONS_MS"]:.1f} with its sections rendered each time,
  {probe["AFTER_PUBLISH_MS"]:.1f} when every request follows a publish.
- Every page carries the footer's newsletter sign-up, which needs no CSRF token
  (anonymous, double opt-in), so a cached page is the same bytes for everyone.
  Pages with a CSRF-protected form (donations) get the visitor's own masked
  token put in on each hit (and, on a first visit, a new CSRF secret and
  cookie); the two form rows show both cases.
- Load average when the rounds ended: {load} (compare the rows of one run,
  not runs on different days or machines).
- Hashed stylesheet served with `Cache-Control: {css_cache}`.
"""
    print(section)
    if not args.no_record:
        record(section)
        print(f"recorded in {DOC.relative_to(ROOT)}")
    return 0 if all(verdict.values()) and lighthouse_met else 1


if __name__ == "__main__":
    sys.exit(main())
