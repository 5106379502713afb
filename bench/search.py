"""Search latency at two corpus sizes on SQLite and PostgreSQL, against a naive LIKE scan of the
same data in the same run.

    make bench-search            # 10k and 100k articles, both engines (builds corpora once)
    python -m bench.search --sizes 10000 --backends sqlite

Each query goes through `app.services.search.search`, the function behind `GET /search`
(ranking, counting, loading the page's hits and their snippets), on a warm database.
The reference is what a developer without a search index would write: `LIKE '%word%'` over
titles and bodies and over quote texts, with the same page size and a count.
"""

import argparse
import json
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, cast, func, or_, select
from sqlmodel import Session

from app.config import Settings
from app.db import build_engine
from app.models import Article, Quote
from app.search import parse_query
from app.services.filters import ArticleFilters
from app.services.search import HitType, SearchOrder, search
from bench.corpus import PLANTED_PHRASES, Vocabulary
from bench.databases import RESULTS, corpus_url

# Function words make poor benchmark queries (every article has them); they are passed over
# when drawing the query words by frequency rank.
STOP_WORDS = set(
    "a about above after again against all am an and any are as at be because been before being "
    "below between both but by can could did do does doing down during each few for from further "
    "had has have having he her here hers herself him himself his how i if in into is it its "
    "itself just me more most my myself no nor not now of off on once only or other our ours "
    "ourselves out over own same she should so some such than that the their theirs them "
    "themselves then there these they this those through to too under until up very was we were "
    "what when where which while who whom why will with you your yours yourself yourselves".split()
)


@dataclass(frozen=True)
class Case:
    name: str
    q: str
    section: str | None = None
    like: tuple[str, ...] = ()  # the substrings the naive scan looks for, all required


@dataclass(frozen=True)
class Row:
    backend: str
    articles: int
    case: str
    q: str
    hits: str  # "1000+" when counting stopped
    p50_ms: float
    p95_ms: float
    like_p50_ms: float


def cases(seed: int) -> list[Case]:
    """Typical queries, drawn from the corpus' own vocabulary by frequency rank."""
    vocab = Vocabulary.zipf(random.Random(seed))  # the same words the corpus was written with
    content = [w for w in vocab.words if w not in STOP_WORDS and len(w) > 3]
    common, mid, mid2, rare = content[3], content[150], content[400], content[15_000]
    prefix = mid[:4]
    phrase = PLANTED_PHRASES[0]
    return [
        Case("one common word", common, like=(common,)),
        Case("one mid word", mid, like=(mid,)),
        Case("one rare word", rare, like=(rare,)),
        Case("two words", f"{mid} {mid2}", like=(mid, mid2)),
        Case("phrase", f'"{phrase}"', like=(phrase,)),
        Case("prefix", f"{prefix}*", like=(prefix,)),
        Case("word + section", mid, section="world", like=(mid,)),
    ]


def timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    for _ in range(3):
        result = fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples, result


def percentile(samples: list[float], q: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[int(q) - 1]


def like_scan(session: Session, case: Case) -> int:
    """The naive reference: substring scans, newest first, one page plus a count."""
    body = cast(Article.paragraphs, String)
    article_where = [or_(Article.title.ilike(f"%{s}%"), body.ilike(f"%{s}%")) for s in case.like]
    if case.section:
        article_where.append(Article.section == case.section)
    quote_where = [Quote.text.ilike(f"%{s}%") for s in case.like]
    total = 0
    for stmt in (
        select(Article.id).where(*article_where),
        select(Quote.id).join(Article).where(*quote_where, *article_where[len(case.like) :]),
    ):
        total += session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        session.execute(stmt.order_by(Article.published_at.desc()).limit(20)).all()
    return total


def run(
    backend: str, articles: int, repeat: int, seed: int, rank_window: int, count_limit: int
) -> list[Row]:
    url = corpus_url(backend, articles, seed=seed)
    engine = build_engine(Settings(database_url=url, _env_file=None))
    rows = []
    for case in cases(seed):
        query = parse_query(case.q)
        filters = ArticleFilters(section=case.section)

        def ours(query: Any = query, filters: ArticleFilters = filters) -> Any:
            with Session(engine) as session:  # a session per search, as per request
                return search(
                    session,
                    query=query,
                    filters=filters,
                    types=frozenset(HitType),
                    order=SearchOrder.relevance,
                    page=1,
                    per_page=20,
                    rank_window=rank_window or None,
                    count_limit=count_limit or None,
                )

        def naive(case: Case = case) -> int:
            with Session(engine) as session:
                return like_scan(session, case)

        samples, result = timed(ours, repeat)
        like_samples, _ = timed(naive, max(3, repeat // 5))
        rows.append(
            Row(
                backend,
                articles,
                case.name,
                case.q,
                f"{result.total}{'+' if result.total_capped else ''}",
                statistics.median(samples),
                percentile(samples, 95),
                statistics.median(like_samples),
            )
        )
        print(_format(rows[-1]), flush=True)
    engine.dispose()
    return rows


def _format(row: Row) -> str:
    ratio = row.like_p50_ms / row.p50_ms if row.p50_ms else float("inf")
    return (
        f"{row.backend:<10} {row.articles:>7} {row.case:<16} {row.q[:22]:<22} {row.hits:>7} "
        f"{row.p50_ms:>8.2f} {row.p95_ms:>8.2f} {row.like_p50_ms:>9.1f} {ratio:>8.0f}x"
    )


def summary(rows: list[Row]) -> None:
    print("\nscaling (p50 at the largest size / p50 at the smallest, same query):")
    for backend in sorted({r.backend for r in rows}):
        mine = [r for r in rows if r.backend == backend]
        sizes = sorted({r.articles for r in mine})
        if len(sizes) < 2:
            continue
        small = {r.case: r for r in mine if r.articles == sizes[0]}
        large = {r.case: r for r in mine if r.articles == sizes[-1]}
        ratios = [large[c].p50_ms / small[c].p50_ms for c in small if c in large]
        worst = max(ratios)
        median_p50 = statistics.median(r.p50_ms for r in large.values())
        print(
            f"  {backend:<10} {sizes[0]} → {sizes[-1]}: median ratio "
            f"{statistics.median(ratios):.2f}×, worst {worst:.2f}×; "
            f"median p50 at {sizes[-1]}: {median_p50:.2f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--count-limit",
        type=int,
        default=Settings.model_fields["search_count_limit"].default,
        help="as NEWSDESK_SEARCH_COUNT_LIMIT; 0 counts every match",
    )
    parser.add_argument(
        "--rank-window",
        type=int,
        default=Settings.model_fields["search_rank_window"].default,
        help="as NEWSDESK_SEARCH_RANK_WINDOW; 0 ranks every match",
    )
    args = parser.parse_args()
    print(
        f"rank window: {args.rank_window or 'all matches'}; "
        f"count limit: {args.count_limit or 'none'}"
    )
    print(
        f"{'backend':<10} {'articles':>7} {'query':<16} {'q':<22} {'hits':>7} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'LIKE p50':>9} {'speedup':>9}"
    )
    rows = [
        row
        for backend in args.backends
        for size in args.sizes
        for row in run(backend, size, args.repeat, args.seed, args.rank_window, args.count_limit)
    ]
    summary(rows)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"search-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps([asdict(r) for r in rows], indent=2), encoding="utf-8")
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
