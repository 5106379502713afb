"""HTTP throughput of the API, against the stack's limit and Datasette, in one run.

    make bench                                   # 10k articles
    python -m bench.load --articles 100000 --seconds 10
    make bench-postgres                          # the same on a throwaway PostgreSQL

The server starts as a user would start it (uvicorn, 1 and then 2 workers, on a copy of the
SQLite corpus from `bench.corpus`) and wrk drives it over loopback at fixed concurrency for a
fixed time per endpoint. Two references are measured in the same run:

* the limit: `GET /bench/limit` in the same server answers with the article detail's bytes,
  encoded once (`bench.limit`);
* Datasette, serving the same SQLite file, with the equivalent list, row and full-text queries
  through its JSON API (one process: it has no workers option).

Machines here are noisy: the ratios, measured minutes apart, are the figures that count.
"""

import argparse
import json
import os
import random
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.corpus import Vocabulary
from bench.databases import RESULTS, corpus_url
from bench.limit import LIMIT_PATH, SESSION_PATH, THREAD_PATH
from bench.search import STOP_WORDS
from bench.wrk import Load, run_wrk

BIN = Path(sys.executable).parent
LIMIT = "limit (pre-encoded bytes)"
PAGE_1 = "list, page 1"


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    target: float | None = None  # the least fraction of the limit's throughput it should reach
    datasette: str | None = None  # the equivalent Datasette query, by name
    post: bool = False
    deep: bool = False  # compared with page 1: it should cost about the same


@dataclass(frozen=True)
class Setup:
    """One way of running our server."""

    name: str
    workers: int
    cache: bool  # the response cache on (the default), or off: every request does the work


SETUPS = {
    "1w": Setup("1 worker", 1, True),
    "2w": Setup("2 workers", 2, True),
    "1w-cold": Setup("1 worker, response cache off", 1, False),
}


@dataclass(frozen=True)
class Result:
    server: str  # "newsdesk" or "datasette"
    setup: str  # a key of SETUPS, or "datasette"
    endpoint: str
    path: str
    load: Load


@dataclass(frozen=True)
class Corpus:
    """What the URLs are made of: real ids and words of the corpus."""

    articles: int
    article: str  # a slug
    article_id: int
    section: str
    speaker: str  # a slug, quoted in `section`
    word: str  # a mid-frequency word
    per_page: int  # page 1000 is inside the corpus at this size


def copy_of(source: str, name: str) -> str:
    """A copy of the corpus at `source`, so the comments posted here do not pile up in it from
    run to run: a file copy through SQLite's backup API, or a database made from a template."""
    if source.startswith("sqlite"):
        copy = RESULTS / f"{name}.db"
        path = source.removeprefix("sqlite:///")
        with sqlite3.connect(path) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
        # On disk before the clock starts: the first commit's fsync would otherwise write back
        # the whole fresh copy (1.4 GB at 100k) and show up as a comment taking seconds.
        with copy.open("rb+") as written:
            os.fsync(written.fileno())
        return f"sqlite:///{copy}"
    original = make_url(source)
    admin = create_engine(original.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        db.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        db.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{original.database}"'))
    admin.dispose()
    return original.set(database=name).render_as_string(hide_password=False)


def survey(url: str, articles: int, seed: int) -> Corpus:
    engine = create_engine(url)
    with engine.connect() as db:
        article_id = articles // 2
        slug = db.execute(
            text("SELECT slug FROM article WHERE id = :id"), {"id": article_id}
        ).scalar_one()
        section, speaker = db.execute(
            text(
                "SELECT a.section, s.slug FROM article_speaker AS x JOIN article AS a "
                "ON a.id = x.article_id JOIN speaker AS s ON s.id = x.speaker_id "
                "GROUP BY a.section, s.slug ORDER BY count(*) DESC, s.slug LIMIT 1"
            )
        ).one()
    engine.dispose()
    vocab = Vocabulary.zipf(random.Random(seed))  # the words the corpus was written with
    content = [w for w in vocab.words if w not in STOP_WORDS and len(w) > 3]
    return Corpus(
        articles=articles,
        article=slug,
        article_id=article_id,
        section=section,
        speaker=speaker,
        word=content[150],
        per_page=max(1, min(20, articles // 1000)),
    )


def endpoints(corpus: Corpus, cursor: str) -> list[Endpoint]:
    pp = corpus.per_page
    return [
        Endpoint(LIMIT, LIMIT_PATH),
        Endpoint("same bytes, a def route", THREAD_PATH),
        Endpoint("same bytes, def + session", SESSION_PATH),
        Endpoint("article detail", f"/articles/{corpus.article}", 0.7, "row"),
        Endpoint(PAGE_1, f"/articles?per_page={pp}", 0.5, "list"),
        Endpoint("list, page 1000", f"/articles?per_page={pp}&page=1000", 0.5, deep=True),
        Endpoint(
            "list, cursor at page 1000",
            f"/articles?per_page={pp}&cursor={cursor}",
            0.5,
            deep=True,
        ),
        Endpoint(
            "list, section + speaker",
            f"/articles?section={corpus.section}&speaker={corpus.speaker}",
            0.5,
        ),
        Endpoint("search", f"/search?q={corpus.word}", 0.3, "search"),
        Endpoint("speaker detail", f"/speakers/{corpus.speaker}", 0.7),
        Endpoint("quote list", "/quotes", 0.5),
        Endpoint("comment POST", f"/articles/{corpus.article}/comments", post=True),
    ]


def datasette_queries(corpus: Corpus, database: str) -> dict[str, str]:
    columns = ["slug", "title", "site", "section", "standfirst", "published_at", "updated_at"]
    fts = (
        "SELECT article.id, article.slug, article.title, "
        "snippet(article_fts, 2, '<mark>', '</mark>', '…', 12) AS snippet "
        "FROM article_fts JOIN article ON article.id = article_fts.rowid "
        "WHERE article_fts MATCH :q ORDER BY rank LIMIT 20"
    )
    list_query = [("_sort_desc", "published_at"), ("_size", corpus.per_page)]
    list_query += [("_col", c) for c in columns] + [("_shape", "objects")]
    return {
        "row": f"/{database}/article/{corpus.article_id}.json",
        "list": f"/{database}/article.json?{urlencode(list_query)}",
        "search": f"/{database}.json?{urlencode({'sql': fts, 'q': corpus.word})}",
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(
    command: list[str], env: dict[str, str], ready: str, log: Path
) -> Iterator[tuple[int, int]]:
    """Run a server on a free port until the block ends; yield its pid once `ready` answers."""
    port = free_port()
    command = [part.replace("{port}", str(port)) for part in command]
    with log.open("w") as out:
        process = subprocess.Popen(command, env={**os.environ, **env}, stdout=out, stderr=out)
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}{ready}").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"{command[0]} did not start; see {log}")
                time.sleep(0.2)
            yield port, process.pid
        finally:
            process.terminate()
            process.wait(timeout=30)


def worker_pids(pid: int) -> list[int]:
    """The processes answering requests: uvicorn's workers, or the server itself."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    spawned = [int(c) for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]
    return spawned or [pid]


@dataclass(frozen=True)
class Memory:
    """A worker's peak memory: its own (anonymous: heap, caches), and in all, with the pages of
    the database file it maps (shared with every other process, and the OS's to reclaim)."""

    anon_mb: float
    total_mb: float


class MemoryWatch:
    """Samples the workers' anonymous memory while the load runs; the kernel keeps the peak of
    the total (VmHWM) itself."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.anon: dict[int, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while not self.stop.wait(0.2):
            for pid in worker_pids(self.pid):
                anon = _status_mb(pid, "RssAnon:")
                self.anon[pid] = max(self.anon.get(pid, 0.0), anon)

    def peaks(self) -> list[Memory]:
        self.stop.set()
        self.thread.join()
        return [
            Memory(self.anon.get(p, 0.0), _status_mb(p, "VmHWM:")) for p in worker_pids(self.pid)
        ]


def _status_mb(pid: int, field: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:  # a worker gone
        pass
    return 0.0


def measure(url: str, args: argparse.Namespace, *, post: bool = False, nonce: str = "") -> Load:
    run_wrk(url, seconds=1, connections=args.connections, post_comments=post, nonce=nonce + "w")
    load = run_wrk(
        url, seconds=args.seconds, connections=args.connections, post_comments=post, nonce=nonce
    )
    if load.failed:
        raise SystemExit(f"{url}: {load.failed} of {load.requests} requests failed")
    return load


def run_ours(
    url: str, corpus: Corpus, setup_key: str, args: argparse.Namespace
) -> tuple[list[Result], list[Memory]]:
    setup = SETUPS[setup_key]
    env = {
        "NEWSDESK_DATABASE_URL": url,
        "NEWSDESK_RESPONSE_CACHE_MB": "32" if setup.cache else "0",
        "NEWSDESK_COMMENTS_FLOOD_SECONDS": "0",  # every request comes from 127.0.0.1
        "BENCH_LIMIT_ARTICLE": corpus.article,
    }
    command = [
        str(BIN / "uvicorn"),
        "bench.limit:create",
        "--factory",
        "--port={port}",
        f"--workers={setup.workers}",
        "--no-access-log",  # as `newsdesk serve`: the app writes its own access log
    ]
    log = RESULTS / f"load-server-{setup_key}.log"
    with serving(command, env, "/healthz", log) as (port, pid):
        watch = MemoryWatch(pid)
        base = f"http://127.0.0.1:{port}"
        pp = corpus.per_page
        page_999 = httpx.get(f"{base}/articles?per_page={pp}&page=999").json()
        results = []
        for endpoint in endpoints(corpus, page_999["meta"]["next_cursor"]):
            load = measure(
                base + endpoint.path, args, post=endpoint.post, nonce=f"{time.time_ns()}"
            )
            results.append(Result("newsdesk", setup_key, endpoint.name, endpoint.path, load))
            print(_line(results[-1]), flush=True)
        memory = watch.peaks()
    return results, memory


def run_datasette(database: Path, corpus: Corpus, args: argparse.Namespace) -> list[Result]:
    command = [
        str(BIN / "datasette"),
        "serve",
        str(database),
        "--port={port}",
        "--setting",
        "suggest_facets",
        "off",  # we offer no facets; suggesting them costs Datasette extra queries
        "--setting",
        "sql_time_limit_ms",
        "10000",
    ]
    queries = datasette_queries(corpus, database.stem)
    results = []
    with serving(command, {}, queries["row"], RESULTS / "load-datasette.log") as (port, _):
        for name, path in queries.items():
            load = measure(f"http://127.0.0.1:{port}{path}", args)
            results.append(Result("datasette", "datasette", name, path, load))
            print(_line(results[-1]), flush=True)
    return results


def _line(r: Result) -> str:
    return (
        f"  {r.server:<9} {r.setup:<9} {r.endpoint:<28} {r.load.requests_per_s:>9,.0f} req/s "
        f"p50 {r.load.p50_ms:>7.2f} ms  p99 {r.load.p99_ms:>7.2f} ms"
    )


def summary(
    results: list[Result], corpus: Corpus, memory: dict[str, list[Memory]]
) -> list[dict[str, object]]:
    """The table of ours against the limit and Datasette, printed and returned as rows."""
    ours = {(r.setup, r.endpoint): r.load for r in results if r.server == "newsdesk"}
    theirs = {r.endpoint: r.load for r in results if r.server == "datasette"}
    rows = []
    header = (
        f"{'endpoint':<28} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'×limit':>7} {'target':>6} {'×Datasette':>10}"
    )
    for key in [k for k in SETUPS if (k, LIMIT) in ours]:
        limit = ours[(key, LIMIT)].requests_per_s
        setup = SETUPS[key]
        print(f"\n{setup.name}: limit {limit:,.0f} req/s\n{header}\n" + "-" * len(header))
        for endpoint in endpoints(corpus, ""):
            load = ours[(key, endpoint.name)]
            ratio = load.requests_per_s / limit
            ds = theirs.get(endpoint.datasette or "") if setup.workers == 1 else None
            row = {
                "setup": key,
                "endpoint": endpoint.name,
                **asdict(load),
                "limit_requests_per_s": limit,
                "ratio_to_limit": ratio,
                "target_ratio": endpoint.target,
                "meets_target": None if endpoint.target is None else ratio >= endpoint.target,
                "datasette_requests_per_s": ds.requests_per_s if ds else None,
                "ratio_to_datasette": load.requests_per_s / ds.requests_per_s if ds else None,
            }
            if endpoint.deep:
                row["p50_ratio_to_page_1"] = load.p50_ms / ours[(key, PAGE_1)].p50_ms
            rows.append(row)
            mark = "" if endpoint.target is None else ("ok" if row["meets_target"] else "LOW")
            versus = f"{row['ratio_to_datasette']:>10.2f}" if ds else ""
            print(
                f"{endpoint.name:<28} {load.requests_per_s:>8,.0f} {load.p50_ms:>7.2f} "
                f"{load.p99_ms:>7.2f} {ratio:>7.2f} {mark:>6} {versus}"
            )
    if theirs:
        print(
            "\nDatasette: "
            + ", ".join(f"{k} {v.requests_per_s:,.0f} req/s" for k, v in theirs.items())
        )
    print("\ndeep pages, p50 against page 1 (target ≤ 1.5):")
    for row in rows:
        if "p50_ratio_to_page_1" in row:
            print(f"  {row['setup']:<8} {row['endpoint']:<28} {row['p50_ratio_to_page_1']:.2f}")
    print(
        "\npeak memory per worker (target ≤ 150 MB): private (anonymous) / with mapped file pages"
    )
    for key, sizes in memory.items():
        print(f"  {key:<8} " + ", ".join(f"{m.anon_mb:.0f} / {m.total_mb:.0f} MB" for m in sizes))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=8, help="per endpoint, after 1 s warm-up")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--setups", nargs="+", choices=list(SETUPS), default=list(SETUPS))
    parser.add_argument(
        "--backend",
        choices=["sqlite", "postgresql"],
        default="sqlite",
        help="postgresql: run under .ci/with-postgres (make bench-postgres); no Datasette",
    )
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    source = corpus_url(args.backend, args.articles, seed=args.seed)
    url = copy_of(source, f"load_{args.articles}")
    corpus = survey(url, args.articles, args.seed)
    print(
        f"{args.articles} articles on {args.backend}; {args.connections} connections; "
        f"{args.seconds:g} s each"
    )

    results: list[Result] = []
    memory: dict[str, list[Memory]] = {}
    for key in args.setups:
        measured, memory[key] = run_ours(url, corpus, key, args)
        results += measured
    if args.backend == "sqlite":  # Datasette serves SQLite files only
        results += run_datasette(Path(url.removeprefix("sqlite:///")), corpus, args)
    rows = summary(results, corpus, memory)

    out = RESULTS / f"load-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(
        json.dumps(
            {
                "corpus": asdict(corpus),
                "settings": vars(args),
                "rows": rows,
                "raw": [asdict(r) for r in results],
                "peak_memory_mb": {k: [asdict(m) for m in v] for k, v in memory.items()},
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
