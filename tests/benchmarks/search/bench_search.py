"""Search benchmark: index build time and query latency at archive scale.

Not part of the test suite (pytest does not collect this file). Run with
``scripts/benchmark search [SIZE ...]`` (run.py), which starts the services and
runs this once per backend. It generates SIZE bilingual publications (SIZE/2
English pages, each with a Korean translation; one or two topics each), rebuilds
the index with ``update_index`` and times English and Korean searches and
autocomplete through Wagtail's API.

It also times the search page's own work (``SiteSearch.search``: results, type
and year facets, snippets) and each facet alone (``--site-repeat`` rounds).

With ``--documents N`` it then gives N publications (all of them when N is the
size) a 20-page report in their own language, ``--ocr-share`` of them scans.
``--read-text-en/--read-text-ko/--read-ocr-en/--read-ocr-ko`` of them are
generated as real PDFs and read by ``extract_document_text`` (timed: pages per
second by kind); the text of the others is generated the same way and stored
as that reading stores it (reading 200,000 pages would take hours here). The
index is then rebuilt (timed) and its size on disk measured before and after.

    python tests/benchmarks/search/bench_search.py --size 10000 --label sqlite
    python tests/benchmarks/search/bench_search.py --size 1000 --documents 1000 \
        --read-text-en 10 --read-text-ko 10 --read-ocr-ko 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import random
import statistics
import sys
import time
import uuid
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from wagtail.models import Locale, Page  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from nkhr_pages.models import (  # noqa: E402
    HomePage,
    PublicationIndexPage,
    PublicationPage,
    PublicationTopic,
)

# The archive's own vocabulary, most frequent first (Zipf weights by position):
# a query word near the top matches most publications, one near the end a few.
EN_WORDS = (  # noqa: SIM905 (easier to read as prose)
    "forced repatriation detention prison labour China escapees abductees torture "
    "famine UN submission report testimony family border refugees rights freedom "
    "religion information women children justice accountability commission"
).split()
KO_WORDS = (  # noqa: SIM905
    "강제송환 구금 교화소 강제노동 중국 탈북민 납북자 고문 기근 유엔 제출 보고서 증언 "
    "가족 국경 난민 인권 자유 종교 정보 여성 아동 정의 책임 위원회 인권침해"
).split()
KO_PARTICLES = ["", "을", "의", "에", "는", "과"]
# Share of the words of a text drawn from that vocabulary; the rest are filler
# words (FILLER_WORDS per language, Zipf-distributed too), so that, as in a real
# archive, a query matches anything from most publications to a few percent.
TOPICAL_SHARE = 0.12
FILLER_WORDS = 3000
TOPICS = [  # (English, Korean): each publication gets one or two
    ("Forced repatriation", "강제송환"),
    ("Political prison camps", "정치범수용소"),
    ("Abductees", "납북자"),
    ("Forced labour", "강제노동"),
    ("UN advocacy", "유엔 옹호활동"),
    ("Women and children", "여성과 아동"),
    ("Freedom of information", "정보의 자유"),
    ("Refugees", "난민"),
]
TYPES = [choice for choice, _label in PublicationPage.PublicationType.choices]

QUERIES = {
    "en": ["forced repatriation", "torture", "women children", "accountability"],
    "ko": ["인권", "강제송환", "납북자 가족", "인권침해"],
}
AUTOCOMPLETE = {"en": ["repat", "tort", "abduct"], "ko": ["강제", "인권", "납북"]}


def vocabulary(rng: random.Random, korean: bool) -> tuple[list[str], list[float]]:
    """Words and cumulative weights: the archive's terms, then filler words
    (made of syllables that none of the terms uses, so they never match)."""
    terms = KO_WORDS if korean else EN_WORDS
    if korean:
        used = set("".join(terms))
        syllables = [
            chr(code) for code in range(0xAC00, 0xD7A4, 97) if chr(code) not in used
        ]
    else:
        syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    fillers: set[str] = set()
    while len(fillers) < FILLER_WORDS:
        fillers.add("".join(rng.choices(syllables, k=rng.choice((2, 3)))))
    words, weights = [], []
    for group, share in ((terms, TOPICAL_SHARE), (sorted(fillers), 1 - TOPICAL_SHARE)):
        zipf = [1 / rank for rank in range(1, len(group) + 1)]
        words += group
        weights += [share * w / sum(zipf) for w in zipf]
    return words, list(itertools.accumulate(weights))


def sentence(rng: random.Random, vocab, n: int, korean: bool) -> str:
    words, cum_weights = vocab
    picked = rng.choices(words, cum_weights=cum_weights, k=n)
    if korean:
        picked = [w + rng.choice(KO_PARTICLES) for w in picked]
    return " ".join(picked)


def insert_pages(model: type[Page], rows: list[Page]) -> None:
    """Bulk insert of a multi-table page model (Django cannot bulk_create those)."""
    Page.objects.bulk_create(rows, batch_size=1000)
    fields = list(model._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                [
                    f.get_db_prep_save(
                        row.id  # set by the bulk insert into the page table
                        if f.attname == "page_ptr_id"
                        else getattr(row, f.attname),
                        connection,
                    )
                    for f in fields
                ]
                for row in rows
            ],
        )


@transaction.atomic
def generate(size: int, seed: int = 1996) -> None:
    rng = random.Random(seed)
    locales = {
        c: Locale.objects.get_or_create(language_code=c)[0] for c in ("en", "ko")
    }
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    root.refresh_from_db()
    indexes = {}
    home_en = root.add_child(
        instance=HomePage(title="NKHR", slug="home", locale=locales["en"])
    )
    home_ko = home_en.copy_for_translation(locales["ko"])
    for code, home in (("en", home_en), ("ko", home_ko)):
        index = PublicationIndexPage(
            title="Publications", slug="publications", locale=locales[code]
        )
        home.add_child(instance=index)
        indexes[code] = index
    count = size // 2
    now = dt.datetime.now(dt.UTC)
    content_type_id = ContentType.objects.get_for_model(PublicationPage).pk
    for code in ("en", "ko"):
        parent = indexes[code]
        parent.refresh_from_db()
        rows = []
        korean = code == "ko"
        words = vocabulary(rng, korean)
        for number in range(1, count + 1):
            rows.append(
                PublicationPage(
                    title=sentence(rng, words, 6, korean),
                    slug=f"publication-{number}",
                    locale=locales[code],
                    translation_key=_key(number),
                    path=PublicationPage._get_path(
                        parent.path, parent.depth + 1, number
                    ),
                    depth=parent.depth + 1,
                    numchild=0,
                    url_path=f"{parent.url_path}publication-{number}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    content_type_id=content_type_id,
                    publication_type=rng.choice(TYPES),
                    publication_date=dt.date(1996, 1, 1)
                    + dt.timedelta(days=rng.randrange(29 * 365)),
                    summary=sentence(rng, words, 40, korean),
                    authors="NKHR",
                    draft_title="",
                )
            )
            if len(rows) == 2000:
                insert_pages(PublicationPage, rows)
                rows = []
        if rows:
            insert_pages(PublicationPage, rows)
        Page.objects.filter(pk=parent.pk).update(numchild=count)
        add_topics(rng, code, locales[code], parent)


def add_topics(rng: random.Random, code: str, locale: Locale, parent: Page) -> None:
    """One or two topics per publication, as editors tag the real archive."""
    topics = [
        PublicationTopic.objects.create(
            name=names[code == "ko"],
            slug=f"topic-{number}",
            locale=locale,
            translation_key=_key(10_000_000 + number),
        )
        for number, names in enumerate(TOPICS)
    ]
    through = PublicationPage.topics.through
    page_ids = PublicationPage.objects.child_of(parent).values_list("pk", flat=True)
    links = [
        through(publicationpage_id=page_id, publicationtopic_id=topic.pk)
        for page_id in page_ids.iterator()
        for topic in rng.sample(topics, rng.choice((1, 2)))
    ]
    through.objects.bulk_create(links, batch_size=5000)


def _key(number: int) -> uuid.UUID:
    return uuid.UUID(int=number)  # shared by a page and its translation


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def time_queries(
    function, queries: list[str], repeat: int, by_query: bool = False
) -> dict:
    """p50/p95 in milliseconds over ``repeat`` rounds of every query (and each
    query's own p50 with ``by_query``)."""
    for query in queries:
        function(query)  # warm-up (connections, caches)
    samples: dict[str, list[float]] = {query: [] for query in queries}
    for _ in range(repeat):
        for query in queries:
            start = time.perf_counter()
            function(query)
            samples[query].append((time.perf_counter() - start) * 1000)
    every = [sample for values in samples.values() for sample in values]
    result: dict = {
        "p50": round(statistics.median(every), 1),
        "p95": round(percentile(every, 95), 1),
    }
    if by_query:
        result["p50_by_query"] = {
            query: round(statistics.median(values), 1)
            for query, values in samples.items()
        }
    return result


def settle_database() -> float | None:
    """On PostgreSQL, ``VACUUM ANALYZE`` the index table, as after any bulk load.

    Otherwise autovacuum starts on the freshly written table in the middle of
    the timed queries (it did: Korean p95 tripled at 100,000); timing the
    steady state needs it done first. Returns the seconds it took (None elsewhere)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE wagtailsearch_indexentry")
    return round(time.perf_counter() - started, 1)


DOCUMENT_PAGES = 20
# Lines of 12 words a page: a text layer (a typical report page, ~3,000
# characters) and a scan (larger print, fewer lines).
TEXT_LINES, SCAN_LINES, LINE_WORDS = 40, 25, 12
KINDS = ("text_en", "text_ko", "ocr_en", "ocr_ko")


def index_sizes() -> dict[str, int] | None:
    """Bytes the search index takes on disk, in total and by part:

    - SQLite: every ``wagtailsearch*`` table and index (``dbstat``), the FTS5
      tables (``wagtailsearch_indexentry_fts*``) apart;
    - PostgreSQL: ``wagtailsearch_indexentry``, its TOAST table and its indexes;
    - Elasticsearch: the primaries' store size after a refresh (unmerged
      segments included).
    """
    backend = get_search_backend()
    if hasattr(backend, "es"):
        backend.es.indices.refresh(index=f"{backend.index_prefix}*")
        stats = backend.es.indices.stats(index=f"{backend.index_prefix}*")
        primaries = stats["_all"]["primaries"]
        return {
            "total": primaries["store"]["size_in_bytes"],
            "documents": primaries["docs"]["count"],
        }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_total_relation_size('wagtailsearch_indexentry'),"
                " pg_relation_size('wagtailsearch_indexentry'),"
                " pg_indexes_size('wagtailsearch_indexentry')"
            )
            total, table, indexes = cursor.fetchone()
            return {
                "total": total,
                "table": table,
                "toast": total - table - indexes,
                "indexes": indexes,
            }
        cursor.execute(
            "SELECT name LIKE 'wagtailsearch_indexentry_fts%', SUM(pgsize)"
            " FROM dbstat WHERE name LIKE 'wagtailsearch%' GROUP BY 1"
        )
        parts = dict(cursor.fetchall())
        return {
            "total": sum(parts.values()),
            "fts": parts.get(1, 0),
            "other": parts.get(0, 0),
        }


def index_bytes() -> int | None:
    """Bytes the search index takes on disk (tables and their indexes)."""
    sizes = index_sizes()
    return None if sizes is None else sizes["total"]


class DocumentText:
    """The text of generated reports, page by page: distinct for each document
    (drawn from the same Zipf vocabulary as the publications)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.vocab = {False: vocabulary(rng, False), True: vocabulary(rng, True)}

    def page(self, korean: bool, lines: int) -> list[str]:
        words, cum_weights = self.vocab[korean]
        picked = self.rng.choices(words, cum_weights=cum_weights, k=lines * LINE_WORDS)
        if korean:
            particles = self.rng.choices(KO_PARTICLES, k=len(picked))
            picked = [w + p for w, p in zip(picked, particles, strict=True)]
        step = LINE_WORDS
        return [" ".join(picked[i : i + step]) for i in range(0, len(picked), step)]

    def pages(self, korean: bool, scan: bool) -> list[list[str]]:
        lines = SCAN_LINES if scan else TEXT_LINES
        return [self.page(korean, lines) for _ in range(DOCUMENT_PAGES)]


def pdf_for(kind: str, pages: list[list[str]]) -> bytes:
    from tests import pdfs

    if kind.startswith("ocr"):
        return pdfs.scanned_pdf(pages)
    return pdfs.korean_pdf(pages) if kind == "text_ko" else pdfs.text_pdf(pages)


def plan_documents(
    publications: list[PublicationPage], samples: dict[str, int], ocr_share: float
) -> list[tuple[PublicationPage, str, bool]]:
    """(publication, kind, read): each publication's document in its own
    language (kinds text_en, text_ko, ocr_en, ocr_ko); ``ocr_share`` of them
    scans. The first ``samples[kind]`` of each kind are real PDFs read by
    ``extract_document_text``; the text of the others is stored as that
    reading would store it."""
    plan = []
    read = dict.fromkeys(samples, 0)
    for number, page in enumerate(publications):
        korean = page.locale.language_code == "ko"
        # Pairs (English, Korean in turn): both languages get their scans.
        scan = ocr_share > 0 and (number // 2) % round(1 / ocr_share) == 0
        kind = ("ocr_ko" if korean else "ocr_en") if scan else None
        kind = kind or ("text_ko" if korean else "text_en")
        is_read = read[kind] < samples.get(kind, 0)
        read[kind] += is_read
        plan.append((page, kind, is_read))
    return plan


def run_documents(
    count: int, samples: dict[str, int], ocr_share: float, seed: int = 22
) -> dict:
    """Attach a 20-page report to ``count`` publications (all of them when
    ``count`` is the archive's size): read the sampled PDFs (timed, pages per
    second by kind), store the others' text directly, rebuild the index (timed)
    and measure its size before and after."""
    import tempfile

    from django.core.files.base import ContentFile
    from django.test import override_settings
    from wagtail.documents import get_document_model

    from nkhr_pages.document_text import extract_document_text
    from nkhr_pages.models import DocumentPageText, DocumentTextExtraction

    Document = get_document_model()
    text = DocumentText(random.Random(seed))
    before = index_sizes()
    # English and Korean in turn, so that a part of the archive has both.
    by_language = [
        list(
            PublicationPage.objects.filter(locale__language_code=code)
            .select_related("locale")
            .order_by("pk")[: (count + 1 - n) // 2]
        )
        for n, code in enumerate(("en", "ko"))
    ]
    publications = [
        page
        for pair in itertools.zip_longest(*by_language)
        for page in pair
        if page is not None
    ]
    plan = plan_documents(publications, samples, ocr_share)
    seconds: dict[str, float] = {}
    pages_read: dict[str, int] = {}
    characters = stored_pages = 0
    links: list[tuple[int, int]] = []  # (publication, document)
    with (
        tempfile.TemporaryDirectory() as files,
        override_settings(
            NKHR_PROTECTED_MEDIA_ROOT=files,
            MEDIA_ROOT=files,
            # Queued, not run on save: the reading is timed below, once.
            TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
        ),
    ):
        # The sampled documents: real PDFs, read as the background task reads them.
        for number, (page, kind, is_read) in enumerate(plan):
            if not is_read:
                continue
            korean = page.locale.language_code == "ko"
            data = pdf_for(kind, text.pages(korean, scan=kind.startswith("ocr")))
            document = Document.objects.create(
                title=f"Report {number}",
                file=ContentFile(data, name=f"report-{number}.pdf"),
            )
            started = time.perf_counter()
            extract_document_text(document.pk, force=True)
            seconds[kind] = seconds.get(kind, 0) + time.perf_counter() - started
            texts = DocumentPageText.objects.filter(document=document)
            pages_read[kind] = pages_read.get(kind, 0) + texts.count()
            characters += sum(len(t) for t in texts.values_list("text", flat=True))
            links.append((page.pk, document.pk))
        # The others: the text their reading would store, without the PDF.
        unread = [(n, p, k) for n, (p, k, r) in enumerate(plan) if not r]
        for start in range(0, len(unread), 200):
            chunk = unread[start : start + 200]
            documents = Document.objects.bulk_create(
                Document(title=f"Report {n}", file=f"documents/report-{n}.pdf")
                for n, _page, _kind in chunk
            )
            rows, records = [], []
            for (_n, page, kind), document in zip(chunk, documents, strict=True):
                korean = page.locale.language_code == "ko"
                scan = kind.startswith("ocr")
                for number, lines in enumerate(text.pages(korean, scan), start=1):
                    page_text = "\n".join(lines)
                    characters += len(page_text)
                    rows.append(
                        DocumentPageText(
                            document=document,
                            page_number=number,
                            text=page_text,
                            from_ocr=scan,
                        )
                    )
                records.append(
                    DocumentTextExtraction(
                        document=document,
                        status=DocumentTextExtraction.Status.DONE,
                        file_name=document.file.name,
                        page_count=DOCUMENT_PAGES,
                        pages_with_text=DOCUMENT_PAGES,
                        ocr_page_count=DOCUMENT_PAGES if scan else 0,
                    )
                )
                links.append((page.pk, document.pk))
            stored_pages += len(rows)
            DocumentPageText.objects.bulk_create(rows, batch_size=1000)
            DocumentTextExtraction.objects.bulk_create(records, batch_size=1000)
        with transaction.atomic():
            for page_id, document_id in links:
                PublicationPage.objects.filter(pk=page_id).update(document=document_id)
    # Index rebuilt as an operator does after installing this (update_index).
    started = time.perf_counter()
    call_command("update_index", stdout=StringIO(), chunk_size=1000)
    reindexed = time.perf_counter() - started
    settle_database()
    after = index_sizes()
    kinds = [kind for _page, kind, _read in plan]
    results: dict = {
        "documents": len(plan),
        "documents_by_kind": {k: kinds.count(k) for k in KINDS},
        "document_pages": len(plan) * DOCUMENT_PAGES,
        "document_pages_stored_without_reading": stored_pages,
        "document_characters": characters,
        "index_with_documents_s": round(reindexed, 1),
    }
    if seconds.get("ocr_en") or seconds.get("ocr_ko"):  # both languages of scans
        seconds["ocr"] = seconds.get("ocr_en", 0) + seconds.get("ocr_ko", 0)
        pages_read["ocr"] = pages_read.get("ocr_en", 0) + pages_read.get("ocr_ko", 0)
    for kind in (*KINDS, "ocr"):
        if seconds.get(kind):
            results[f"{kind}_pages_read"] = pages_read[kind]
            results[f"{kind}_read_s"] = round(seconds[kind], 1)
            results[f"{kind}_pages_per_s"] = round(pages_read[kind] / seconds[kind], 2)
    results["index_bytes_before_documents"] = before
    results["index_bytes_with_documents"] = after
    return results


def index_size_mb() -> float | None:
    """The search index's size on disk in MB, or None where it cannot be read
    (SQLite built without dbstat)."""
    try:
        size = index_bytes()
    except Exception:  # noqa: BLE001
        return None
    return None if size is None else round(size / 1024 / 1024, 1)


def site_search_timings(code: str, repeat: int) -> dict:
    """The search page's work (``SiteSearch.search``: results, type and year
    facets, snippets, log of terms), and each of its parts alone, p50/p95 in ms.
    A part that fails is recorded with its error instead of stopping the run."""
    from django.core.paginator import Paginator
    from django.utils import translation

    from search.services import (
        SearchRequest,
        SiteSearch,
        content_years,
        searchable_page_types,
    )
    from search.services import page_type_key as type_key

    site = SiteSearch(Locale.objects.get(language_code=code))
    models = {type_key(m): m for m in searchable_page_types()}
    queries = QUERIES[code]

    def first_page(q):
        results = site.base_queryset().search(q)
        return [p.specific for p in Paginator(results, 10).get_page(1).object_list]

    def search(q):
        return site.base_queryset().search(q)

    parts = {
        "whole": lambda q: site.search(SearchRequest(query=q)),
        "results": first_page,
        "type_facet": lambda q: site._type_counts(search(q), models),
        "year_facet": lambda q: site._year_facets(search(q), None),
        # The way the year facet was counted before (issue 22): every matching
        # page's id from the engine, then their dates from the database.
        "year_facet_listing_ids": lambda q: content_years(
            int(pk) for pk in search(q).facet("id") if pk is not None
        ),
    }
    timings: dict = {}
    with translation.override(code):
        for name, function in parts.items():
            try:
                timings[name] = time_queries(function, queries, repeat, by_query=True)
            except Exception as exc:  # noqa: BLE001 (recorded, not hidden)
                timings[name] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        try:
            # What the year facet counts, to compare with the matches.
            timings["year_facet_total"] = {
                q: sum(f.count for f in site._year_facets(search(q), None))
                for q in queries
            }
        except Exception as exc:  # noqa: BLE001
            timings["year_facet_total"] = {"error": f"{type(exc).__name__}: {exc}"}
    return timings


def run(
    size: int, label: str, repeat: int, site_repeat: int = 5, reuse: bool = False
) -> dict:
    # --reuse: the archive a previous run built is timed again as it stands
    # (the queries alone take minutes where building 100,000 pages takes most of
    # an hour), so the query figures can be taken again on an idle machine.
    reused = reuse and PublicationPage.objects.count() == size
    generated = indexed = None
    if not reused:
        started = time.perf_counter()
        generate(size)
        generated = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        call_command("update_index", stdout=StringIO(), chunk_size=1000)
        indexed = round(time.perf_counter() - started, 1)
    settled = settle_database()
    backend = get_search_backend()
    if hasattr(backend, "es"):
        backend.es.indices.refresh(index=f"{backend.index_prefix}*")
    results = {
        "label": label,
        "backend": type(backend).__name__,
        "size": size,
        "reused": reused,
        "generate_s": generated,
        "index_s": indexed,
        "settle_s": settled,
        "index_mb": index_size_mb(),
    }
    for code in ("en", "ko"):
        locale = Locale.objects.get(language_code=code)
        pages = PublicationPage.objects.live().filter(locale=locale)
        results[f"search_{code}"] = time_queries(
            lambda q, pages=pages: list(pages.search(q)[:10]), QUERIES[code], repeat
        )
        results[f"search_{code}_min_hits"] = min(
            len(list(pages.search(q)[:10])) for q in QUERIES[code]
        )
        # How many publications each query matches: broad ones cost the most.
        results[f"matches_{code}"] = {q: pages.search(q).count() for q in QUERIES[code]}
        results[f"autocomplete_{code}"] = time_queries(
            lambda q, pages=pages: list(pages.autocomplete(q)[:8]),
            AUTOCOMPLETE[code],
            repeat,
        )
        if site_repeat:
            results[f"site_search_{code}"] = site_search_timings(code, site_repeat)
    return results


def add_document_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--documents",
        type=int,
        default=0,
        help="publications that carry a 20-page PDF (their own language)",
    )
    parser.add_argument(
        "--ocr-share",
        type=float,
        default=0.05,
        help="share of those PDFs that are scans (no text layer)",
    )
    for kind, default in (("text_en", 0), ("text_ko", 0), ("ocr_en", 0), ("ocr_ko", 0)):
        parser.add_argument(
            f"--read-{kind.replace('_', '-')}",
            type=int,
            default=default,
            help=f"{kind} PDFs generated and read (timed); the others' text is stored",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--label", default=connection.vendor)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--site-repeat",
        type=int,
        default=5,
        help="rounds of the search page's queries (0: not timed)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time the archive a previous run left (PostgreSQL) instead of building it",
    )
    add_document_arguments(parser)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    result = run(args.size, args.label, args.repeat, args.site_repeat, args.reuse)
    if args.documents:
        samples = {kind: getattr(args, f"read_{kind}") for kind in KINDS}
        result.update(run_documents(args.documents, samples, args.ocr_share))
    result["load_average"] = os.getloadavg()
    print(json.dumps(result, ensure_ascii=False))  # noqa: T201


if __name__ == "__main__":
    main()
