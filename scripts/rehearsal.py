"""The production rehearsal (scripts/rehearse, issue 23). Not part of the suite.

Starts the topology of docs/deploy.md on loopback, drives a bounded load through
Varnish, injects one fault per phase, checks that nothing accepted was lost, and
writes the figures to docs/benchmarks.md. The load is locust's, headless, in a
process of its own (scripts/rehearsal_locustfile.py, the "rehearse" extra):
it writes one line per request, with the id of each sign-up and webhook, so that
every phase is counted from the requests that ended in it and every sign-up
and webhook answered 200 is checked one by one against the database.
"""

# The report's Markdown lines and the Django snippets run in the site's processes
# read best unbroken.
# ruff: noqa: E501

from __future__ import annotations

import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
# The site's public name in the rehearsal: production refuses a loopback address
# for WAGTAILADMIN_BASE_URL, and the Site record, the links Wagtail purges and
# the visitors' Host header must all name the same host for Varnish's purges to
# hit (".test" is reserved, RFC 2606). Every connection still goes to 127.0.0.1.
HOST = "rehearsal.nkhr.test"
PHASE_SECONDS = float(os.environ.get("NKHR_REHEARSAL_PHASE_SECONDS", "30"))
CLIENTS = int(os.environ.get("NKHR_REHEARSAL_CLIENTS", "6"))
WEBHOOK_SECRET = "whsec_rehearsal_" + secrets.token_hex(8)
RUN_ID = secrets.token_hex(3)  # slugs and words of this run's own


def log(message: str) -> None:
    print(f"==> {time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def free_port(offset: int = 0) -> int:
    for _ in range(200):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port + offset > 65000:
            continue
        if offset:
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", port + offset))
                except OSError:
                    continue
        return port
    raise RuntimeError("no free port")


class Topology:
    """Every process of the rehearsal, started and stopped by this object."""

    def __init__(self, run: Path) -> None:
        self.run = run
        saved = run / "ports.json"
        if saved.exists():  # a kept directory: the same ports as its data
            self.ports = json.loads(saved.read_text())
        else:
            self.ports = {
                "pg": free_port(),
                "redis": free_port(),
                "es": free_port(offset=101),
                "app1": free_port(),
                "app2": free_port(),
                "haproxy": free_port(),
                "stats": free_port(),
                "varnish": free_port(),
            }
            saved.write_text(json.dumps(self.ports))
        self.procs: dict[str, subprocess.Popen] = {}
        # Task workers (name: queue), restarted when they exit as systemd's
        # Restart=always does, except those a phase holds down.
        self.workers: dict[str, str] = {}
        self.held: set[str] = set()
        self.restarts: Counter[str] = Counter()
        self.supervising = False
        es_urls = f"http://127.0.0.1:{self.ports['es']},http://127.0.0.1:{self.ports['es'] + 1}"
        self.env = {
            **os.environ,
            "PYTHONPATH": f"{run}:{ROOT}",
            "DJANGO_SETTINGS_MODULE": "rehearsal_settings",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": f"{HOST},127.0.0.1,localhost",
            "WAGTAILADMIN_BASE_URL": f"http://{HOST}",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.ports['pg']}/nkhr",
            "REDIS_URL": f"redis://127.0.0.1:{self.ports['redis']}/0",
            "ELASTICSEARCH_URL": es_urls,
            "ELASTICSEARCH_INDEX_PREFIX": "rehearsal_",
            "EMAIL_URL": f"file://{run}/mail",
            "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "FRONTEND_CACHE_PURGE_URL": f"http://127.0.0.1:{self.ports['varnish']}",
            "MEDIA_ROOT": str(run / "media"),
            "PROTECTED_MEDIA_ROOT": str(run / "protected_media"),
            "STATIC_ROOT": str(run / "static"),
            "NKHR_PG_PORT": str(self.ports["pg"]),
            "NKHR_PG_DATA": str(run / "pg"),
            "NKHR_REDIS_PORT": str(self.ports["redis"]),
            "NKHR_REDIS_DIR": str(run / "redis"),
            "NKHR_ES_PORT": str(self.ports["es"]),
            "NKHR_ES_HOME": str(run / "es"),
            "NKHR_ES_NODES": "2",
            "NKHR_ES_KEEP_DATA": "1",
            "NKHR_ES_HEAP": os.environ.get("NKHR_ES_HEAP", "384m"),
            "LOG_LEVEL": "ERROR",
        }
        # Every simulated visitor comes from 127.0.0.1: lift the per-address
        # limits (they are tested in the suite), keep everything else production.
        (run / "rehearsal_settings.py").write_text(
            "from cms.settings.production import *  # noqa\n"
            "NKHR_MAILING_SIGNUP_RATE_LIMIT = '1000000/600'\n"
            "NKHR_MAILING_CONFIRMATION_LIMIT = '1000000/86400'\n"
            "DONATIONS_CHECKOUT_RATE_LIMIT = '1000000/600'\n"
            "SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False\n"
        )

    # --- helpers
    def sh(self, *args: str, check: bool = True, quiet: bool = True) -> str:
        result = subprocess.run(
            args, cwd=ROOT, env=self.env, capture_output=True, text=True, check=False
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    def manage(self, *args: str, check: bool = True) -> str:
        return self.sh(PY, "manage.py", *args, check=check)

    def django(self, code: str) -> str:
        return self.manage("shell", "-c", code)

    def spawn(self, name: str, *args: str) -> None:
        logfile = open(self.run / f"{name}.log", "ab")  # noqa: SIM115 - kept open
        self.procs[name] = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=logfile, stderr=subprocess.STDOUT
        )

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        proc = self.procs.get(name)
        if proc and proc.poll() is None:
            proc.send_signal(sig)
            proc.wait(30)

    def wait_http(self, port: int, path: str = "/", seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                status, _ = get(port, path, timeout=5)
                if status < 500:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"nothing answered on port {port}{path}")

    # --- services
    def start_services(self) -> None:
        services = ROOT / "scripts" / "services"
        log("Starting PostgreSQL, Redis and two Elasticsearch nodes")
        self.sh("bash", str(services / "postgres.sh"), "start")
        self.sh("bash", str(services / "redis.sh"), "start")
        self.sh("bash", str(services / "elasticsearch.sh"), "start")

    def prepare_site(self) -> None:
        done = self.run / "migrated"
        if not done.exists():
            log("Migrating, loading the demo content, collecting static files")
            self.manage("migrate", "--noinput", "-v0")
            self.manage("load_demo_content")
            self.manage("collectstatic", "--noinput", "-v0")
            done.touch()
        log("Indexing")
        saved = self.env.get("ELASTICSEARCH_TIMEOUT")
        self.env["ELASTICSEARCH_TIMEOUT"] = "120"  # creating indexes on a busy machine
        try:
            self.manage("update_index")
        finally:
            self.env.pop("ELASTICSEARCH_TIMEOUT")
            if saved:
                self.env["ELASTICSEARCH_TIMEOUT"] = saved

    def start_app(self, name: str) -> None:
        env = {
            **self.env,
            "NKHR_BIND": f"127.0.0.1:{self.ports[name]}",
            "NKHR_WORKERS": "1",
        }
        logfile = open(self.run / f"{name}.log", "ab")  # noqa: SIM115 - kept open
        self.procs[name] = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "cms.wsgi",
                "--config",
                "cms/deploy/gunicorn.py",
            ],
            cwd=ROOT,
            env=env,
            stdout=logfile,
            stderr=subprocess.STDOUT,
        )

    def start_worker(self, name: str = "worker", queue: str = "default") -> str:
        """Start a task worker as its systemd unit does: a fixed worker id, and
        first the tasks its killed predecessor left RUNNING back in the queue
        (manage.py recover_tasks). Returns what the recovery said."""
        worker_id = f"rehearsal-{name}"
        recovered = self.manage(
            "recover_tasks", "--worker-id", worker_id, "--queue-name", queue
        ).strip()
        self.spawn(
            name, PY, "manage.py", "db_worker",
            "--queue-name", queue, "--worker-id", worker_id,
        )  # fmt: skip
        self.workers[name] = queue
        return recovered.splitlines()[-1] if recovered else ""

    def supervise(self) -> None:
        """Restart a task worker that exited (db_worker exits when PostgreSQL
        goes away) 5 s later, recovery first, as nkhr-worker.service's
        Restart=always and RestartSec=5 do; while the database is still down
        recover_tasks fails and the next round tries again."""

        def loop() -> None:
            while self.supervising:
                for name, queue in list(self.workers.items()):
                    proc = self.procs.get(name)
                    if name in self.held or proc is None or proc.poll() is None:
                        continue
                    time.sleep(5)
                    if not self.supervising or name in self.held:
                        continue
                    try:
                        self.start_worker(name, queue)
                    except RuntimeError:
                        continue
                    self.restarts[name] += 1
                time.sleep(1)

        self.supervising = True
        threading.Thread(target=loop, daemon=True).start()

    def start_proxies(self) -> None:
        cfg = (ROOT / "cms/deploy/haproxy/haproxy.cfg").read_text()
        cfg = re.sub(
            r"\n    (log /dev/log local0|user haproxy|group haproxy|daemon)", "", cfg
        )
        cfg = cfg.replace("/srv/nkhr/app/", f"{ROOT}/")  # its 503 pages
        cfg = cfg.replace("127.0.0.1:8080", f"127.0.0.1:{self.ports['haproxy']}")
        cfg = cfg.replace("127.0.0.1:8001", f"127.0.0.1:{self.ports['app1']}")
        cfg = cfg.replace("127.0.0.1:8002", f"127.0.0.1:{self.ports['app2']}")
        cfg = cfg.replace("127.0.0.1:8404", f"127.0.0.1:{self.ports['stats']}")
        cfg = cfg.replace("hdr Host nkhr.or.kr", f"hdr Host {HOST}")
        (self.run / "haproxy.cfg").write_text(cfg)
        self.spawn("haproxy", "haproxy", "-db", "-f", str(self.run / "haproxy.cfg"))
        vcl = (ROOT / "cms/deploy/varnish/default.vcl").read_text()
        vcl = vcl.replace('.port = "8080"', f'.port = "{self.ports["haproxy"]}"')
        (self.run / "default.vcl").write_text(vcl)
        self.spawn(
            "varnish",
            "varnishd", "-F", "-n", str(self.run / "varnish"),
            "-a", f"127.0.0.1:{self.ports['varnish']}",
            "-T", f"127.0.0.1:{free_port()}",
            "-f", str(self.run / "default.vcl"),
            "-s", "malloc,128m",
        )  # fmt: skip

    def start_all(self) -> None:
        self.start_services()
        prepared = self.run / "prepared"
        if prepared.exists():
            log("Reusing the prepared database and index of this directory")
        else:
            self.prepare_site()
            prepared.touch()
        log("Starting two app servers, the worker, HAProxy and Varnish")
        self.start_app("app1")
        self.start_app("app2")
        self.start_worker()
        # Purges have their own queue and worker (nkhr-purge-worker.service).
        self.start_worker("purge-worker", "frontend_cache")
        self.supervise()
        for app in ("app1", "app2"):
            self.wait_http(self.ports[app], "/health/?require=database")
        self.start_proxies()
        self.wait_http(self.ports["varnish"], "/en/")

    def stop_all(self) -> None:
        self.supervising = False
        for name in list(self.procs):
            self.kill(name, signal.SIGTERM)
        services = ROOT / "scripts" / "services"
        for script in ("elasticsearch.sh", "redis.sh", "postgres.sh"):
            self.sh("bash", str(services / script), "stop", check=False)


# --- HTTP


def get(port: int, path: str, timeout: float = 10, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": HOST, **(headers or {})})
        response = conn.getresponse()
        body = response.read()
        get.headers = dict(response.getheaders())  # the last answer's, for checks
        return response.status, body
    finally:
        conn.close()


@dataclass
class Record:
    phase: str
    kind: str
    status: int  # 0: connection error or timeout
    seconds: float
    at: float


def locust_command() -> list[str]:
    """locust, from NKHR_LOCUST or beside this Python (the ``rehearse`` extra
    of pyproject.toml, which scripts/rehearse installs)."""
    named = os.environ.get("NKHR_LOCUST")
    found = named or shutil.which("locust", path=str(Path(PY).parent))
    if not found:
        raise RuntimeError(
            "locust is not installed: scripts/rehearse installs it (pip extra "
            "'rehearse'), or set NKHR_LOCUST to a locust executable"
        )
    return [found]


class Load:
    """The visitors: locust, headless, in its own process, through Varnish
    (scripts/rehearsal_locustfile.py). It writes one line per request; the lines
    are read when it stops and each request counted in the phase in which it
    ended (``phase`` marks the times the phases change)."""

    def __init__(self, port: int, urls: list[str], top: Topology) -> None:
        self.port = port
        self.urls = urls
        self.top = top
        self.file = top.run / "load-records.tsv"
        self.marks: list[tuple[float, str]] = [(0.0, "setup")]
        self.records: list[Record] = []
        self.signups: set[str] = set()  # emails answered 200
        self.webhooks: set[str] = set()  # event ids answered 200
        self.version = ""

    @property
    def phase(self) -> str:
        return self.marks[-1][1]

    @phase.setter
    def phase(self, name: str) -> None:
        self.marks.append((time.time(), name))

    def start(self) -> None:
        command = locust_command()
        self.version = (
            subprocess.run(
                [*command, "--version"], capture_output=True, text=True, check=False
            )
            .stdout.split(" from ")[0]
            .strip()
        )
        (self.top.run / "load-urls.txt").write_text("\n".join(self.urls) + "\n")
        self.file.write_text("")
        env = {
            **os.environ,
            "NKHR_LOAD_HOST": HOST,
            "NKHR_LOAD_URLS": str(self.top.run / "load-urls.txt"),
            "NKHR_LOAD_RECORDS": str(self.file),
            "NKHR_LOAD_WEBHOOK_SECRET": WEBHOOK_SECRET,
        }
        logfile = open(self.top.run / "locust.log", "ab")  # noqa: SIM115 - kept open
        self.top.procs["locust"] = subprocess.Popen(
            [
                *command,
                "--locustfile", str(ROOT / "scripts" / "rehearsal_locustfile.py"),
                "--headless", "--only-summary", "--loglevel", "WARNING",
                "--users", str(CLIENTS), "--spawn-rate", str(CLIENTS),
                "--host", f"http://127.0.0.1:{self.port}",
                # On SIGTERM, requests in flight finish and are written down.
                "--stop-timeout", "20",
            ],
            cwd=ROOT, env=env, stdout=logfile, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while not self.file.read_text().strip():
            if (
                self.top.procs["locust"].poll() is not None
                or time.monotonic() > deadline
            ):
                log_tail = (self.top.run / "locust.log").read_text(errors="replace")
                raise RuntimeError(f"locust sent no request:\n{log_tail[-3000:]}")
            time.sleep(0.2)
        log(f"Load: {self.version}, {CLIENTS} visitors")

    def stop(self) -> None:
        self.top.kill("locust", signal.SIGTERM)
        for line in self.file.read_text().splitlines():
            at, kind, status, seconds, token = line.split("\t")
            ended = float(at)
            phase = next(name for when, name in reversed(self.marks) if when <= ended)
            record = Record(phase, kind, int(status), float(seconds), ended)
            self.records.append(record)
            if record.status == 200 and kind == "signup":
                self.signups.add(token)
            if record.status == 200 and kind == "webhook":
                self.webhooks.add(token)


# --- the phases


@dataclass
class Phase:
    name: str
    fault: str
    notes: list[str] = field(default_factory=list)
    window: tuple[float, float] = (0.0, 0.0)  # fault start, recovery done


def crawl(port: int) -> list[str]:
    status, body = get(port, "/sitemap.xml", timeout=30)
    locs = re.findall(rb"<loc>([^<]+)</loc>", body)
    paths = [urllib.parse.urlsplit(loc.decode()).path for loc in locs]
    paths = [p for p in paths if p.startswith(("/en/", "/ko/"))][:60]
    return paths or ["/en/", "/ko/"]


PUBLISH = """
from wagtail.models import Locale
from nkhr_pages.models import HomePage, StandardPage
from nkhr_pages.demo import ensure_child_page
home = HomePage.objects.get(locale=Locale.objects.get(language_code="en"))
page = ensure_child_page(home, StandardPage, {slug!r}, {{"title": {title!r}}})
print(page.pk, page.url)
"""


def publish(top: Topology, slug: str, title: str) -> tuple[int, str]:
    slug = f"{slug}-{RUN_ID}"
    out = top.django(PUBLISH.format(slug=slug, title=title)).split()
    return int(out[-2]), out[-1]


def retitle(top: Topology, slug: str, title: str) -> None:
    slug = f"{slug}-{RUN_ID}"
    top.django(
        "from nkhr_pages.models import StandardPage\n"
        f"p = StandardPage.objects.get(slug={slug!r}, locale__language_code='en')\n"
        f"p.title = {title!r}\n"
        "p.save_revision().publish()\n"
    )


def run_phase(
    top: Topology, load: Load, phase: Phase, inject, recover, during=None
) -> None:
    log(f"Phase: {phase.name}")
    load.phase = phase.name
    restarts = top.restarts.copy()
    time.sleep(PHASE_SECONDS * 0.2)
    started = time.time()
    inject()
    time.sleep(PHASE_SECONDS * 0.2)
    if during:
        during()
    time.sleep(PHASE_SECONDS * 0.3)
    recover()
    phase.window = (started, time.time() + 5)  # five seconds to settle
    time.sleep(PHASE_SECONDS * 0.3)
    restarted = top.restarts - restarts
    if restarted:
        phase.notes.append(
            "restarted after exiting (as systemd does): "
            + ", ".join(f"{name} {n}×" for name, n in sorted(restarted.items()))
        )


def es_healthy(top: Topology) -> bool:
    try:
        status, body = get(
            top.ports["es"],
            "/_cluster/health?wait_for_status=yellow&timeout=30s",
            timeout=35,
        )
        return status == 200 and b'"status":"red"' not in body
    except OSError:
        return False


def searchable(top: Topology, word: str) -> bool:
    status, body = get(
        top.ports["app2"], "/en/search/?" + urllib.parse.urlencode({"q": word})
    )
    return status == 200 and word.encode() in body


def main() -> int:
    if any(arg in ("-h", "--help") for arg in sys.argv[1:]):
        print((ROOT / "scripts" / "rehearse").read_text().split("source ", 1)[0])
        return 0
    # NKHR_REHEARSAL_DIR: a directory kept after the run; a second run in it
    # reuses its prepared database and index (the demo content takes minutes).
    kept = os.environ.get("NKHR_REHEARSAL_DIR")
    run = Path(kept) if kept else Path(tempfile.mkdtemp(prefix="nkhr-rehearsal."))
    run.mkdir(parents=True, exist_ok=True)
    run.chmod(0o755)  # varnishd's and PostgreSQL's own users work in it
    top = Topology(run)
    load_before = os.getloadavg()
    began = time.time()
    phases: list[Phase] = []
    checks: list[tuple[str, bool, str]] = []
    es = ROOT / "scripts/services/elasticsearch.sh"
    try:
        top.start_all()
        setup_seconds = time.time() - began
        urls = crawl(top.ports["varnish"])
        load = Load(top.ports["varnish"], urls, top)
        load.start()

        phases.append(Phase("baseline", "none"))
        run_phase(top, load, phases[-1], lambda: None, lambda: None)

        # Publishing seen at once everywhere: through app2 and through Varnish.
        publish(top, "rehearsal-news", "Rehearsal news first")
        get(top.ports["app2"], f"/en/rehearsal-news-{RUN_ID}/")
        held = False
        for _ in range(30):  # until Varnish holds the page (after the page cache's hit)
            get(top.ports["varnish"], f"/en/rehearsal-news-{RUN_ID}/")
            if get.headers.get("X-Varnish-Cache") == "hit":
                held = True
                break
            time.sleep(1)
        checks.append(("Varnish keeps a public page", held, ""))
        retitle(top, "rehearsal-news", "Rehearsal news second")
        seen_app2 = (
            b"Rehearsal news second"
            in get(top.ports["app2"], f"/en/rehearsal-news-{RUN_ID}/")[1]
        )
        seen_varnish = (
            b"Rehearsal news second"
            in get(top.ports["varnish"], f"/en/rehearsal-news-{RUN_ID}/")[1]
        )
        checks.append(
            ("publish in another process seen at once on app2", seen_app2, "")
        )
        checks.append(
            ("publish purges Varnish (seen at once through it)", seen_varnish, "")
        )

        phase = Phase("app server killed", "kill -9 app1; restarted 40% later")
        phases.append(phase)
        run_phase(
            top, load, phase, lambda: top.kill("app1"), lambda: top.start_app("app1")
        )

        phase = Phase("Redis stopped", "redis.sh stop; started 40% later")
        phases.append(phase)
        services = ROOT / "scripts/services"
        run_phase(
            top, load, phase,
            lambda: top.sh("bash", str(services / "redis.sh"), "stop"),
            lambda: top.sh("bash", str(services / "redis.sh"), "start"),
            during=lambda: publish(top, "during-redis-outage", "Published while Redis was down"),
        )  # fmt: skip
        body = get(top.ports["varnish"], f"/en/during-redis-outage-{RUN_ID}/")[1]
        checks.append(
            (
                "page published during the Redis outage served after",
                b"while Redis was down" in body,
                "",
            )
        )

        phase = Phase(
            "one Elasticsearch node killed",
            "kill -9 node 2 (data, replicas); restarted",
        )
        phases.append(phase)
        run_phase(
            top, load, phase,
            lambda: top.sh("bash", str(es), "kill-node", "2"),
            lambda: top.sh("bash", str(es), "start-node", "2"),
        )  # fmt: skip

        phase = Phase(
            "all of Elasticsearch stopped",
            "both nodes stopped; restarted; catch_up_index",
        )
        phases.append(phase)

        def es_back() -> None:
            top.sh("bash", str(es), "start")

        run_phase(
            top, load, phase,
            lambda: top.sh("bash", str(es), "stop"),
            es_back,
            during=lambda: publish(top, "during-search-outage", f"Zyxwvut{RUN_ID} published while search was down"),
        )  # fmt: skip
        es_healthy(top)
        time.sleep(3)
        before = searchable(top, f"Zyxwvut{RUN_ID}")
        catch_up = top.manage("catch_up_index", check=False).strip()
        time.sleep(2)
        after = searchable(top, f"Zyxwvut{RUN_ID}")
        phase.notes.append(f"catch_up_index: {catch_up}")
        checks.append(
            (
                "search index caught up with the publish made while ES was down",
                after,
                f"before catch-up: {'found' if before else 'not found'}",
            )
        )

        phase = Phase(
            "task worker killed mid-task",
            "20 publishes queued, kill -9 db_worker, restarted",
        )
        phases.append(phase)

        orphans: list[str] = []
        recovered: list[str] = []

        def kill_worker_mid_task() -> None:
            # One process publishes 20 pages (20 index tasks queued); the worker
            # is killed as soon as it has taken the first of them.
            code = "".join(
                PUBLISH.format(
                    slug=f"queued-{n}-{RUN_ID}", title=f"Qwerty{RUN_ID}{n} queued"
                ).replace("print(page.pk, page.url)", "")
                for n in range(20)
            )
            top.django(code)
            top.held.add("worker")  # restarted by the phase, not the supervisor
            top.kill("worker")
            orphans.extend(json.loads(top.django(
                "import json\n"
                "from django_tasks_db.models import DBTaskResult\n"
                "print(json.dumps([str(t.id) for t in DBTaskResult.objects.filter(status='RUNNING')"
                " if t.worker_ids[-1:] == ['rehearsal-worker']]))"
            ).strip().splitlines()[-1]))  # fmt: skip

        def restart_worker() -> None:
            recovered.append(top.start_worker())
            top.held.discard("worker")

        run_phase(top, load, phase, kill_worker_mid_task, restart_worker)
        time.sleep(10)
        # A task the killed worker held is orphaned if it is still RUNNING under
        # that one claim (a requeued one was claimed again: two worker ids).
        stuck = json.loads(top.django(
            "import json\n"
            "from django_tasks_db.models import DBTaskResult\n"
            f"orphans = {orphans!r}\n"
            "print(json.dumps([sum(1 for t in DBTaskResult.objects.filter(id__in=orphans, status='RUNNING') if len(t.worker_ids) == 1),"
            " DBTaskResult.objects.filter(status='READY').count()]))"
        ).strip().splitlines()[-1])  # fmt: skip
        phase.notes.append(
            f"tasks the killed worker left running: {len(orphans)}; "
            f"recover_tasks before the restart: {recovered[0] if recovered else 'not run'}; "
            f"still queued 10 s later: {stuck[1]}"
        )
        checks.append(
            (
                "tasks the killed worker left RUNNING are back in the queue (recover_tasks)",
                stuck[0] == 0,
                f"{len(orphans)} left running, {stuck[0]} still orphaned",
            )
        )
        found = sum(searchable(top, f"Qwerty{RUN_ID}{n}") for n in (0, 19))
        checks.append(
            (
                "pages published around the worker's death are searchable",
                found == 2,
                f"{found}/2 sampled",
            )
        )

        phase = Phase("PostgreSQL restarted", "pg_ctl restart -m fast")
        phases.append(phase)
        run_phase(
            top, load, phase,
            lambda: top.sh("bash", str(services / "postgres.sh"), "stop"),
            lambda: top.sh("bash", str(services / "postgres.sh"), "start"),
        )  # fmt: skip

        load.phase = "after"
        load.stop()
        # Both task workers run again after every fault (restarted as systemd
        # would), then no more restarts: the restore below swaps DATABASE_URL.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(
            top.procs[name].poll() is not None for name in top.workers
        ):
            time.sleep(1)
        top.supervising = False
        alive = [name for name in top.workers if top.procs[name].poll() is None]
        checks.append(
            (
                "the task workers run again after the faults",
                len(alive) == len(top.workers),
                f"running: {', '.join(alive) or 'none'}; restarted after exiting: "
                + (
                    ", ".join(f"{n} {c}×" for n, c in sorted(top.restarts.items()))
                    or "never"
                ),
            )
        )

        # Nothing accepted was lost, nothing doubled.
        Path(run / "signups.json").write_text(json.dumps(sorted(load.signups)))
        Path(run / "webhooks.json").write_text(json.dumps(sorted(load.webhooks)))
        counted = json.loads(top.django(
            "import json\n"
            "from collections import Counter\n"
            "from nkhr_pages.mailing.models import Subscriber\n"
            "from nkhr_donations.models import ProcessedWebhookEvent\n"
            f"signups = set(json.load(open({str(run / 'signups.json')!r})))\n"
            f"hooks = set(json.load(open({str(run / 'webhooks.json')!r})))\n"
            "s = Counter(Subscriber.objects.filter(email__startswith='rehearsal-').values_list('email', flat=True))\n"
            "w = Counter(ProcessedWebhookEvent.objects.filter(event_id__startswith='evt_rehearsal_').values_list('event_id', flat=True))\n"
            "print(json.dumps({'signups_missing': len(signups - set(s)), 'signups_doubled': sum(1 for v in s.values() if v > 1),"
            " 'signups_stored': len(s), 'webhooks_missing': len(hooks - set(w)), 'webhooks_doubled': sum(1 for v in w.values() if v > 1),"
            " 'webhooks_stored': len(w)}))"
        ).strip().splitlines()[-1])  # fmt: skip
        checks.append((
            f"every sign-up answered 200 stored exactly once ({len(load.signups)} accepted, {counted['signups_stored']} stored)",
            counted["signups_missing"] == 0 and counted["signups_doubled"] == 0,
            f"missing {counted['signups_missing']}, doubled {counted['signups_doubled']}",
        ))  # fmt: skip
        checks.append((
            f"every webhook answered 200 recorded exactly once ({len(load.webhooks)} accepted, {counted['webhooks_stored']} stored)",
            counted["webhooks_missing"] == 0 and counted["webhooks_doubled"] == 0,
            f"missing {counted['webhooks_missing']}, doubled {counted['webhooks_doubled']}",
        ))  # fmt: skip

        # Backup, restore into a new database, same counts.
        log("Backup and restore")
        files = top.sh(
            str(ROOT / "scripts/backup"), str(run / f"backups_{RUN_ID}")
        ).split()
        restored_url = (
            f"postgres://postgres@127.0.0.1:{top.ports['pg']}/nkhr_restored_{RUN_ID}"
        )
        top.sh(
            "psql",
            top.env["DATABASE_URL"],
            "-c",
            f"CREATE DATABASE nkhr_restored_{RUN_ID}",
        )
        top.sh(
            str(ROOT / "scripts/restore"),
            files[0],
            files[1],
            restored_url,
            str(run / "restored_media"),
            str(run / "restored_protected"),
        )
        count = (
            "from wagtail.models import Page\n"
            "from nkhr_donations.models import Donation\n"
            "from nkhr_pages.mailing.models import Subscriber\n"
            "print(Page.objects.count(), Donation.objects.count(), Subscriber.objects.count())"
        )
        original = top.django(count).split()[-3:]
        saved_url = top.env["DATABASE_URL"]
        top.env["DATABASE_URL"] = restored_url
        restored = top.django(count).split()[-3:]
        top.env["DATABASE_URL"] = saved_url
        checks.append((
            "restore: pages, donations, subscribers equal before and after",
            original == restored,
            f"original {original}, restored {restored}",
        ))  # fmt: skip
        write_report(load, phases, checks, setup_seconds, load_before, began, top)
    finally:
        log("Stopping everything")
        top.stop_all()
        if not kept:
            shutil.rmtree(run, ignore_errors=True)
    failed = [name for name, ok, _ in checks if not ok]
    for name, ok, detail in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {name}  {detail}")
    return 1 if failed else 0


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def write_report(load, phases, checks, setup_seconds, load_before, began, top) -> None:
    by_phase: dict[str, list[Record]] = defaultdict(list)
    for record in load.records:
        by_phase[record.phase].append(record)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.machine(),
    )
    lines = [
        "## Production rehearsal (issue 23)",
        "",
        "`scripts/rehearse`: PostgreSQL, Redis, two Elasticsearch nodes (one replica), two gunicorn",
        "app servers (1 process × 8 threads each) behind HAProxy behind Varnish, and `db_worker`, on",
        "loopback, with the configuration files of `cms/deploy/` (docs/deploy.md). "
        f"{CLIENTS} simulated visitors ({load.version or 'locust'}, headless) loop",
        "without pause through Varnish: 70 % pages (from the sitemap), 15 % searches, 10 % newsletter",
        "sign-ups, 5 % signed Stripe webhooks. Each phase runs "
        f"{PHASE_SECONDS:.0f} s: 20 % before the fault, the fault",
        "for 50 %, recovery, 30 % after.",
        "",
        f"Run of {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at commit {commit}, on {os.cpu_count()} cores ({cpu}),",
        f"load average {load_before[0]:.1f} before the run; setup",
        f"(services, migrate, demo content, index) {setup_seconds:.0f} s, whole run {time.time() - began:.0f} s.",
        "Latency is end to end, in milliseconds, on this loaded machine: compare phases, not machines.",
        "",
        "| phase | fault | requests | 2xx/3xx | 4xx | 5xx (all in the fault window?) | no answer | p50 | p95 | p99 | notes |",
        "| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    outside_5xx = 0
    for phase in phases:
        records = by_phase.get(phase.name, [])
        statuses = Counter(r.status for r in records)
        ok = sum(n for s, n in statuses.items() if 200 <= s < 400)
        client = sum(n for s, n in statuses.items() if 400 <= s < 500)
        server = [r for r in records if r.status >= 500 or r.status == 0]
        outside = [
            r for r in server if not (phase.window[0] <= r.at <= phase.window[1])
        ]
        outside_5xx += len(outside)
        by_kind = Counter((r.kind, r.status) for r in server)
        detail = ", ".join(
            f"{kind} {status or 'none'}: {n}"
            for (kind, status), n in sorted(by_kind.items())
        )
        ms = sorted(r.seconds * 1000 for r in records if r.status)
        fivexx = sum(1 for r in records if r.status >= 500)
        lines.append(
            f"| {phase.name} | {phase.fault} | {len(records)} | {ok} | {client} | "
            f"{fivexx} ({'yes' if not outside else f'{len(outside)} outside'}){': ' + detail if detail else ''} | "
            f"{statuses.get(0, 0)} | {percentile(ms, 50):.0f} | {percentile(ms, 95):.0f} | {percentile(ms, 99):.0f} | "
            f"{'; '.join(phase.notes)} |"
        )
    lines += ["", "Checks after recovery:", ""]
    for name, ok, detail in checks:
        lines.append(
            f"- {'PASS' if ok else 'FAIL'}: {name}{' (' + detail + ')' if detail else ''}"
        )
    lines.append(
        f"- {'PASS' if outside_5xx == 0 else 'FAIL'}: no 5xx or unanswered request outside a fault's window ({outside_5xx})"
    )
    lines.append("")
    report = "\n".join(lines)
    print(report)
    path = ROOT / "docs" / "benchmarks.md"
    path.write_text(place_report(path.read_text(), report))


REPORT_START, REPORT_END = "<!-- rehearsal:start -->", "<!-- rehearsal:end -->"


def place_report(text: str, report: str) -> str:
    """benchmarks.md with *report* in place of the last one: between its
    markers; in a file without them, in place of the heading and table up to
    the next heading or marked section (people's notes on the run and other
    benchmarks' sections, the Lighthouse one after it, are kept)."""
    block = f"{REPORT_START}\n{report.rstrip()}\n{REPORT_END}"
    if REPORT_START in text and REPORT_END in text:
        head, _, rest = text.partition(REPORT_START)
        return head + block + rest.partition(REPORT_END)[2]
    heading = "## Production rehearsal (issue 23)"
    if heading not in text:
        return text.rstrip("\n") + "\n\n" + block + "\n"
    head, _, rest = text.partition(heading)
    ends = [
        i for i in (rest.find(s) for s in ("\n## ", "\n### ", "\n<!-- ")) if i != -1
    ]
    if not ends:
        return head + block + "\n"
    return head + block + "\n\n" + rest[min(ends) :].lstrip("\n")


if __name__ == "__main__":
    sys.exit(main())
