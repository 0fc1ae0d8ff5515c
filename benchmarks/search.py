"""Search over 100,000 synthetic Chinese documents, against the bare full-text query (the floor).

- the segmenters: jieba and rjieba, import + first cut in a fresh interpreter (min and median of
  a few processes) and tokens per second in search mode on the same texts;
- the corpus: ``--docs`` documents generated (seeded) from a vocabulary of the field's terms,
  segmented once by gongkai.search.segment.index_tokens and bulk-loaded, then per database (a
  temporary SQLite file; a scratch database `gongkai_bench_search` on the PostgreSQL server of
  DATABASE_URL, dropped afterwards), one process each:
  - ``search()`` (count + one page of ids + the entries + the excerpts) for a few queries, and
    ``facets()``, interleaved with the floor, median and p95: on SQLite ``SELECT rowid FROM
    search_fts WHERE search_fts MATCH ? ORDER BY bm25(search_fts) LIMIT 20`` plus its count, on
    PostgreSQL the same with segmented_tsv (= to_tsvector('simple', segmented), GIN-indexed) @@
    phraseto_tsquery, ordered by ts_rank;
  - the indexing rate through ``index_document`` (segmentation included), 2,000 documents.

Prints markdown tables (``--json``: the raw figures). Run: `.venv/bin/python benchmarks/search.py`.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import scratch_database  # noqa: E402

BENCH_DB = "gongkai_bench_search"
AGENCIES = 20
INDEXED = 2_000  # documents through index_document, for its rate
MIN_ROUNDS = 5
BUDGET_SECONDS = 10.0  # per query, all its works together (see interleaved)
# The queries: a term in most documents, a field term in some, a rare one, two terms, a filter.
QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("公开", {}),
    ("信息处理费", {}),
    ("集成电路布图设计", {}),
    ("行政复议 答复期限", {}),
    ("依申请公开", {"agency_id": 3, "year": 2023}),
]


# The vocabulary, weighted: frequent words of any text, the field's terms, rarer ones.
def _words(text: str) -> list[str]:
    return text.split()


COMMON = _words("本机关 根据 按照 有关 规定 工作 情况 进行 加强 推进 做好 全面 落实 及时 相关 公开")
FIELD = _words(
    "政府信息公开 依申请公开 主动公开 规范性文件 行政规范性文件 信息处理费 保密审查 "
    "政府信息公开指南 政府信息公开目录 年度报告 申请人 答复期限 告知书 征求意见 第三方意见"
)
DOMAIN = _words(
    "专利 商标 地理标志 知识产权 申请专利 专利代理 质押融资 行政复议 行政诉讼 行政许可 "
    "行政处罚 政务公开 政府网站 新闻发布会 解读 统计数据 财政预算 决算 人事任免 招标"
)
RARE = _words("集成电路布图设计 植物新品种 海关保护 维权援助 快速审查")
ISSUERS = ["办公室", "综合协调处", "专利管理处", "商标处", "法规处", "保护处"]
PUNCTUATION = "，，，、。；"


def vocabulary() -> tuple[list[str], list[float]]:
    words = COMMON + FIELD + DOMAIN + RARE
    weights = [40.0] * len(COMMON) + [4.0] * len(FIELD) + [2.0] * len(DOMAIN) + [0.02] * len(RARE)
    return words, weights


def sentence(rng: random.Random, words: list[str], weights: list[float], n: int) -> str:
    chosen = rng.choices(words, weights, k=n)
    return "".join(w + (rng.choice(PUNCTUATION) if rng.random() < 0.2 else "") for w in chosen)


def documents(n: int, *, seed: int = 2026, first_id: int = 1) -> Iterator[Any]:
    """``n`` Documents: a title of ~6 words, a summary of ~20, a body of ~150 (about 450
    characters), dates over 2019–2025, spread over AGENCIES agencies and ISSUERS."""
    from gongkai.search.index import Document

    rng = random.Random(seed)
    words, weights = vocabulary()
    start = date(2019, 1, 1)
    for i in range(first_id, first_id + n):
        published = start + timedelta(days=rng.randrange(7 * 365))
        agency = rng.randrange(1, AGENCIES + 1)
        yield Document(
            doc_id=i,
            agency_id=agency,
            agency_code=f"agency-{agency}",
            category_id=rng.randrange(1, 9),
            year=published.year,
            issuer=rng.choice(ISSUERS),
            title=sentence(rng, words, weights, 6),
            document_number=f"黑知发〔{published.year}〕{rng.randrange(1, 200)}号",
            summary=sentence(rng, words, weights, 20),
            body_text=sentence(rng, words, weights, 150),
            published_on=published,
            url=f"/agency-{agency}/items/{i}/",
        )


# -- the segmenters -----------------------------------------------------------------------------

LOAD = {
    "rjieba": "import rjieba; rjieba.cut_for_search('申请专利')",
    "rjieba + user dictionary (segment.py)": (
        "from gongkai.search.segment import index_tokens; index_tokens('申请专利')"
    ),
    "jieba": "import jieba; jieba.setLogLevel(60); jieba.lcut_for_search('申请专利')",
}


def load_seconds(code: str, runs: int) -> list[float]:
    """Import + first cut, each in a fresh interpreter (jieba reads its cache file if present)."""
    out = []
    for _ in range(runs):
        script = f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
        )
        out.append(float(done.stdout.strip().splitlines()[-1]))
    return out


def segmenters(texts: list[str], runs: int) -> dict[str, Any]:
    import jieba
    import rjieba

    from gongkai.search.segment import index_tokens

    jieba.setLogLevel(60)
    jieba.lcut_for_search("申请专利")
    chars = sum(map(len, texts))
    cutters: dict[str, Callable[[str], object]] = {
        "rjieba": rjieba.cut_for_search,
        "rjieba + user dictionary (segment.py)": index_tokens,
        "jieba": jieba.lcut_for_search,
    }
    result: dict[str, Any] = {"chars": chars, "texts": len(texts)}
    for name, cut in cutters.items():
        start = time.perf_counter()
        tokens = sum(len(t.split(" ")) if isinstance(t, str) else len(t) for t in map(cut, texts))
        seconds = time.perf_counter() - start
        loads = load_seconds(LOAD[name], runs)
        result[name] = {
            "load_min": min(loads),
            "load_median": statistics.median(loads),
            "tokens_per_s": tokens / seconds,
            "chars_per_s": chars / seconds,
        }
    return result


# -- the corpus ---------------------------------------------------------------------------------


def _segmented(span: tuple[int, int]) -> list[dict[str, Any]]:
    """The entries of documents ``span`` (first id, how many), in a worker process."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from gongkai.search.index import entry_values

    first, n = span
    everything = documents(first + n - 1)  # the same seeded sequence, whatever the split
    return [entry_values(doc) for i, doc in enumerate(everything, 1) if i >= first]


def corpus(n: int, path: Path) -> dict[str, float]:
    """Generate and segment the documents once, into ``path`` (rows for SearchEntry), on every
    core: the segmentation is the slow part, and the databases are what is measured."""
    from multiprocessing import get_context

    workers = os.cpu_count() or 1
    size = -(-n // workers)
    spans = [(first, min(size, n - first + 1)) for first in range(1, n + 1, size)]
    start = time.perf_counter()
    with get_context("spawn").Pool(workers) as pool:
        rows = [row for part in pool.map(_segmented, spans) for row in part]
    seconds = time.perf_counter() - start
    with path.open("wb") as f:
        pickle.dump(rows, f, protocol=pickle.HIGHEST_PROTOCOL)
    return {"documents": n, "segment_seconds": seconds, "workers": workers}


# -- one database -------------------------------------------------------------------------------


GIN_INDEX = "CREATE INDEX search_entry_fulltext ON search_searchentry USING gin (segmented_tsv)"


def load(rows: list[dict[str, Any]]) -> float:
    """Bulk-insert the entries: executemany on SQLite (the triggers fill FTS5); on PostgreSQL
    COPY without the GIN index, which is then built at once (as migration 0002 makes it, and
    much faster than row by row); the seconds it took."""
    from django.db import connection, transaction

    from gongkai.search.models import SearchEntry

    fields = [f for f in SearchEntry._meta.concrete_fields if not f.primary_key]
    table = SearchEntry._meta.db_table
    columns = ", ".join(f.column for f in fields)
    prepared = (
        tuple(f.get_db_prep_save(row[f.attname], connection) for f in fields) for row in rows
    )
    start = time.perf_counter()
    with transaction.atomic():
        raw = connection.connection
        if connection.vendor == "postgresql":
            with raw.cursor() as cursor:
                cursor.execute("DROP INDEX search_entry_fulltext")
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as cp:
                    for row in prepared:
                        cp.write_row(row)
                cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
                cursor.execute(GIN_INDEX)
        else:
            marks = ", ".join("?" * len(fields))
            raw.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", prepared)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return time.perf_counter() - start


VECTOR = "segmented_tsv"  # PostgreSQL: the generated column that the GIN index is on


def floor(terms: list[str]) -> tuple[list[int], int]:
    """The bare full-text query: the first 20 ids by rank, and the count."""
    from django.db import connection

    from gongkai.search.backends import postgres, sqlite

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            match = sqlite.match_expression(terms)
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
                "ORDER BY bm25(search_fts) LIMIT 20",
                [match],
            )
            ids = [r[0] for r in cursor.fetchall()]
            cursor.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH %s", [match])
        else:
            query = postgres.tsquery(terms)
            cursor.execute(
                f"SELECT id FROM search_searchentry WHERE {VECTOR} @@ {query} "
                f"ORDER BY ts_rank({VECTOR}, {query}, 1) DESC LIMIT 20",
                [*terms, *terms],
            )
            ids = [r[0] for r in cursor.fetchall()]
            count = f"SELECT count(*) FROM search_searchentry WHERE {VECTOR} @@ {query}"
            cursor.execute(count, terms)
        return ids, cursor.fetchone()[0]


def scores(terms: list[str], ids: list[int]) -> dict[int, float]:
    """The rank of each entry id for the terms, as the floor orders by it."""
    from django.db import connection

    from gongkai.search.backends import postgres, sqlite

    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT rowid, bm25(search_fts) FROM search_fts "
                f"WHERE search_fts MATCH %s AND rowid IN ({marks})",
                [sqlite.match_expression(terms), *ids],
            )
        else:
            query = postgres.tsquery(terms)
            cursor.execute(
                f"SELECT id, -ts_rank({VECTOR}, {query}, 1) FROM search_searchentry "
                f"WHERE id IN ({marks})",
                [*terms, *ids],
            )
        return dict(cursor.fetchall())


def same_as_floor(terms: list[str], results: Any) -> str:
    """Whether search() found the floor's total and first page: "yes", "yes, up to ties"
    (the same ranks, equal ranks ordered by date instead), or "no"."""
    from gongkai.search.models import SearchEntry

    ids, total = floor(terms)
    by_doc = dict(
        SearchEntry.objects.filter(doc_id__in=[h.doc_id for h in results.hits]).values_list(
            "doc_id", "id"
        )
    )
    found = [by_doc[h.doc_id] for h in results.hits]
    if total != results.total or len(found) != len(ids):
        return "no"
    if found == ids:
        return "yes"
    rank = scores(terms, sorted(set(ids) | set(found)))
    same_ranks = [round(rank[i], 9) for i in ids] == [round(rank[i], 9) for i in found]
    return "yes, up to ties" if same_ranks else "no"


def interleaved(
    works: dict[str, Callable[[], object]], repeat: int, budget: float
) -> dict[str, dict[str, float]]:
    """Median and p95 seconds per work; one warm-up round, then the works in turn, so that a busy
    moment of the machine falls on all of them alike. At most ``repeat`` rounds, fewer (not under
    MIN_ROUNDS) when a round is slow, so that one query takes about ``budget`` seconds."""
    start = time.perf_counter()
    for work in works.values():
        work()
    round_s = time.perf_counter() - start
    rounds = max(MIN_ROUNDS, min(repeat, int(budget / max(round_s, 1e-9))))
    samples: dict[str, list[float]] = {name: [] for name in works}
    for _ in range(rounds):
        for name, work in works.items():
            start = time.perf_counter()
            work()
            samples[name].append(time.perf_counter() - start)
    return {
        name: {
            "median": statistics.median(s),
            "p95": statistics.quantiles(s, n=20, method="inclusive")[-1],
            "min": min(s),
            "runs": len(s),
        }
        for name, s in samples.items()
    }


def run_database(kind: str, corpus_path: Path, repeat: int) -> dict[str, Any]:
    with scratch_database(kind, BENCH_DB) as url:
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
        import django
        from django.core.management import call_command
        from django.db import connection, transaction

        django.setup()
        # Only search's tables: the benchmark does not depend on the other apps' migrations.
        call_command("migrate", "search", verbosity=0)
        from gongkai.search.index import facets, index_document, index_documents, search
        from gongkai.search.segment import query_terms

        with corpus_path.open("rb") as f:
            rows = pickle.load(f)
        load_s = load(rows)
        measured: dict[str, Any] = {}
        for query, filters in QUERIES:
            terms = query_terms(query)
            results = search(query, **filters)
            label = query + "".join(f" {k}={v}" for k, v in filters.items())
            works: dict[str, Callable[[], object]] = {
                "search": lambda q=query, f=filters: search(q, **f),
                "facets": lambda q=query, f=filters: facets(q, **f),
            }
            same = None
            if not filters:
                works["floor"] = lambda t=terms: floor(t)
                same = same_as_floor(terms, results)
            measured[label] = {
                "total": results.total,
                "same_as_floor": same,
                **interleaved(works, repeat, BUDGET_SECONDS),
            }
        one = list(documents(INDEXED, seed=7, first_id=len(rows) + 1))
        batched = list(documents(INDEXED, seed=8, first_id=len(rows) + INDEXED + 1))
        start = time.perf_counter()
        with transaction.atomic():
            for doc in one:
                index_document(doc)
        index_s = time.perf_counter() - start
        start = time.perf_counter()
        with transaction.atomic():
            index_documents(batched)
        batch_s = time.perf_counter() - start
        return {
            "database": kind,
            "version": _version(connection),
            "documents": len(rows),
            "load_seconds": load_s,
            "index_document_per_s": INDEXED / index_s,
            "index_documents_per_s": INDEXED / batch_s,
            "repeat": repeat,
            "queries": measured,
        }


def _version(connection: Any) -> str:
    import sqlite3

    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


# -- the tables ---------------------------------------------------------------------------------


def markdown_segmenters(seg: dict[str, Any]) -> str:
    lines = [
        f"Segmenters, search mode, on {seg['texts']:,} synthetic documents ({seg['chars']:,} "
        "characters); load = import + first cut in a fresh interpreter.",
        "",
        "| segmenter | load, min (s) | load, median (s) | tokens/s | characters/s |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, r in seg.items():
        if isinstance(r, dict):
            lines.append(
                f"| {name} | {r['load_min']:.2f} | {r['load_median']:.2f} | "
                f"{r['tokens_per_s']:,.0f} | {r['chars_per_s']:,.0f} |"
            )
    return "\n".join(lines)


def markdown_database(r: dict[str, Any]) -> str:
    ms = 1000
    lines = [
        f"### {r['version']}",
        "",
        f"{r['documents']:,} documents bulk-loaded in {r['load_seconds']:.1f} s; "
        f"`index_document`: {r['index_document_per_s']:,.0f} documents/s, `index_documents` "
        f"(batches of 500, as the rebuild): {r['index_documents_per_s']:,.0f} documents/s "
        "(segmentation included). "
        f"Up to {r['repeat']} runs each (fewer for a slow query, at least {MIN_ROUNDS}: the "
        "runs column), interleaved, after a warm-up; ratio = search() median / floor median.",
        "",
        "| query | matches | runs | floor median / p95 (ms) | search() median / p95 (ms) "
        "| ratio | facets() median (ms) | same ids |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for label, q in r["queries"].items():
        f, s = q.get("floor"), q["search"]
        floor_text = f"{f['median'] * ms:.1f} / {f['p95'] * ms:.1f}" if f else "—"
        ratio = f"{s['median'] / f['median']:.2f}" if f else "—"
        same = q["same_as_floor"] or "—"
        lines.append(
            f"| `{label}` | {q['total']:,} | {s['runs']} | {floor_text} | {s['median'] * ms:.1f} / "
            f"{s['p95'] * ms:.1f} | {ratio} | {q['facets']['median'] * ms:.1f} | {same} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--load-runs", type=int, default=3, help="fresh processes per segmenter")
    parser.add_argument("--database", choices=("sqlite", "postgres"), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    if args.database:  # one database, in its own process (Django is set up once per process)
        print(json.dumps(run_database(args.database, args.corpus, args.repeat)))
        return

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()  # the models are imported; no database is opened in this process
    databases = ["sqlite"]
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        databases.append("postgres")
    else:
        print("DATABASE_URL names no PostgreSQL server; PostgreSQL NOT measured", file=sys.stderr)
    sample = [d.body_text for d in documents(2_000, seed=11)]
    out: dict[str, Any] = {"segmenters": segmenters(sample, args.load_runs), "databases": []}
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-corpus-") as folder:
        path = Path(folder) / "corpus.pickle"
        out["corpus"] = corpus(args.docs, path)
        for database in databases:
            command = [sys.executable, __file__, "--database", database, "--corpus", str(path)]
            done = subprocess.run(
                [*command, "--repeat", str(args.repeat)], capture_output=True, text=True, cwd=ROOT
            )
            if done.returncode:
                sys.stderr.write(done.stderr)
                raise SystemExit(f"search benchmark on {database} failed (exit {done.returncode})")
            out["databases"].append(json.loads(done.stdout.strip().splitlines()[-1]))
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
        return
    from benchmarks.run import machine, write

    c = out["corpus"]
    parts = [
        f"Machine: {machine()}\n",
        markdown_segmenters(out["segmenters"]),
        f"\nCorpus: {c['documents']:,} documents generated and segmented in "
        f"{c['segment_seconds']:.1f} s on {c['workers']} processes "
        f"({c['documents'] / c['segment_seconds']:,.0f}/s).\n",
        *(markdown_database(result) + "\n" for result in out["databases"]),
    ]
    text = "\n".join(parts).rstrip()
    print(text)
    if args.write:
        write(text, "search", "## Search over published items")


if __name__ == "__main__":
    main()
