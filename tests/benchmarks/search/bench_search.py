"""Search benchmark: index build time and query latency at archive scale.

Not part of the test suite (pytest does not collect this file). Run with
``scripts/benchmark search [SIZE ...]`` (run.py), which starts the services and
runs this once per backend. It generates SIZE bilingual publications (SIZE/2
English pages, each with a Korean translation; one or two topics each), rebuilds
the index with ``update_index`` and times English and Korean searches and
autocomplete through Wagtail's API.

With ``--documents N`` it then attaches generated 20-page PDFs to N publications
(half English, half Korean text layers, plus ``--ocr-documents`` scans), times
reading their text (pages per second, text layer and OCR) and measures what the
documents' text adds to the search index.

    python tests/benchmarks/search/bench_search.py --size 10000 --label sqlite
    python tests/benchmarks/search/bench_search.py --size 1000 --documents 10
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


def time_queries(function, queries: list[str], repeat: int) -> dict[str, float]:
    """p50/p95 in milliseconds over ``repeat`` rounds of every query."""
    for query in queries:
        function(query)  # warm-up (connections, caches)
    samples = []
    for _ in range(repeat):
        for query in queries:
            start = time.perf_counter()
            function(query)
            samples.append((time.perf_counter() - start) * 1000)
    return {
        "p50": round(statistics.median(samples), 1),
        "p95": round(percentile(samples, 95), 1),
    }


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


def index_bytes() -> int | None:
    """Bytes the search index takes on disk (tables and their indexes)."""
    backend = get_search_backend()
    if hasattr(backend, "es"):
        backend.es.indices.refresh(index=f"{backend.index_prefix}*")
        stats = backend.es.indices.stats(index=f"{backend.index_prefix}*")
        return stats["_all"]["primaries"]["store"]["size_in_bytes"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size('wagtailsearch_indexentry')")
        else:
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'wagtailsearch%'"
            )
        return cursor.fetchone()[0]


def document_pdfs(rng: random.Random, count: int, ocr_count: int):
    """(kind, PDF bytes): 20-page reports with text layers, then scans."""
    from tests import pdfs

    en_vocab = vocabulary(rng, korean=False)
    ko_vocab = vocabulary(rng, korean=True)

    def page_lines(vocab, korean: bool, lines: int = 40) -> list[str]:
        return [sentence(rng, vocab, 12, korean) for _ in range(lines)]

    for number in range(count):
        korean = number % 2 == 1
        vocab = ko_vocab if korean else en_vocab
        pages = [page_lines(vocab, korean) for _ in range(DOCUMENT_PAGES)]
        if korean:
            yield "text_ko", pdfs.korean_pdf(pages)
        else:
            yield "text_en", pdfs.text_pdf(pages)
    for number in range(ocr_count):
        korean = number % 2 == 1
        vocab = ko_vocab if korean else en_vocab
        pages = [page_lines(vocab, korean, 25) for _ in range(DOCUMENT_PAGES)]
        yield "ocr", pdfs.scanned_pdf(pages)


def run_documents(count: int, ocr_count: int, seed: int = 22) -> dict:
    """Read generated PDFs attached to publications; the index they add."""
    import tempfile

    from django.core.files.base import ContentFile
    from django.test import override_settings
    from wagtail.documents import get_document_model
    from wagtail.search import index

    from nkhr_pages.document_text import extract_document_text
    from nkhr_pages.models import DocumentPageText

    rng = random.Random(seed)
    before = index_bytes()
    english = PublicationPage.objects.filter(locale__language_code="en")
    publications = list(english.order_by("pk")[: count + ocr_count])
    seconds: dict[str, float] = {}
    pages: dict[str, int] = {}
    with (
        tempfile.TemporaryDirectory() as files,
        override_settings(
            NKHR_PROTECTED_MEDIA_ROOT=files,
            # Queued, not run on save: the reading is timed below, once.
            TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
        ),
    ):
        documents = []
        for number, (kind, data) in enumerate(document_pdfs(rng, count, ocr_count)):
            document = get_document_model().objects.create(
                title=f"Report {number}",
                file=ContentFile(data, name=f"report-{number}.pdf"),
            )
            documents.append((kind, document))
        for (kind, document), page in zip(documents, publications, strict=False):
            started = time.perf_counter()
            extract_document_text(document.pk, force=True)
            seconds[kind] = seconds.get(kind, 0) + time.perf_counter() - started
            read = DocumentPageText.objects.filter(document=document).count()
            pages[kind] = pages.get(kind, 0) + read
            PublicationPage.objects.filter(pk=page.pk).update(document=document)
            index.insert_or_update_object(PublicationPage.objects.get(pk=page.pk))
    after = index_bytes()
    results: dict = {"documents": count, "ocr_documents": ocr_count}
    for kind in ("text_en", "text_ko", "ocr"):
        if seconds.get(kind):
            results[f"{kind}_pages"] = pages[kind]
            results[f"{kind}_pages_per_s"] = round(pages[kind] / seconds[kind], 2)
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


def run(size: int, label: str, repeat: int) -> dict:
    started = time.perf_counter()
    generate(size)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    call_command("update_index", stdout=StringIO(), chunk_size=1000)
    indexed = time.perf_counter() - started
    settled = settle_database()
    backend = get_search_backend()
    if hasattr(backend, "es"):
        backend.es.indices.refresh(index=f"{backend.index_prefix}*")
    results = {
        "label": label,
        "backend": type(backend).__name__,
        "size": size,
        "generate_s": round(generated, 1),
        "index_s": round(indexed, 1),
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
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--label", default=connection.vendor)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--documents", type=int, default=0)
    parser.add_argument("--ocr-documents", type=int, default=0)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    result = run(args.size, args.label, args.repeat)
    if args.documents or args.ocr_documents:
        result.update(run_documents(args.documents, args.ocr_documents))
    print(json.dumps(result, ensure_ascii=False))  # noqa: T201


if __name__ == "__main__":
    main()
