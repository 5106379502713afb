"""Ranked search across articles and quotes together."""

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import bindparam, func, null, select
from sqlmodel import Session

from app.models import Article, Quote
from app.search import SearchBackend, SearchQuery, backend_for
from app.search.highlight import best_snippet, snippet
from app.services.filters import (
    ArticleFilters,
    QuoteFilters,
    article_conditions,
    article_params,
    quote_conditions,
    quote_params,
)
from app.services.pagination import PageRequest, PageResult
from app.services.records import (
    ARTICLE,
    QUOTE,
    QUOTE_COLUMNS,
    Record,
    by_id,
    rows,
    summaries_by_id,
    with_speakers,
)

# Ranking needs every match scored; pages past this are not served: refine the query instead.
MAX_SEARCH_PAGE = 100
QUOTE_SNIPPET_WORDS = 60  # most quotes are shown whole


class HitType(StrEnum):
    article = "article"
    quote = "quote"


class SearchOrder(StrEnum):
    relevance = "relevance"
    newest = "newest"
    oldest = "oldest"


@dataclass(frozen=True)
class _Ranked:
    type: HitType
    id: int
    score: float | None  # None when ordered by date
    published_at: datetime


def search(
    session: Session,
    *,
    query: SearchQuery,
    filters: ArticleFilters,
    types: frozenset[HitType],
    order: SearchOrder,
    page: int,
    per_page: int,
    rank_window: int | None = None,
    count_limit: int | None = None,
) -> PageResult[Record]:
    """One page of hits. Each kind is ranked in the database, the top of each merged here.

    With `rank_window`, relevance is computed over the most recently stored `rank_window`
    matches of each kind only, which bounds the cost of a query that matches half the archive;
    date orders are always exact. With `count_limit`, each kind is counted up to that many
    matches, and the result says when counting stopped.
    """
    if filters.q is not None:
        raise ValueError("search takes its query as `query`, not as filters.q")
    needed = page * per_page  # the best `needed` of each kind contain the page, merged
    if order is SearchOrder.relevance and rank_window is not None:
        # Beyond the window nothing is ranked, so nothing beyond it can be shown or promised.
        count_limit = min(count_limit or rank_window, rank_window)
    ranked: list[_Ranked] = []
    total, capped = 0, False
    for kind in sorted(types):
        count, rows = _ranked(
            session, kind, query, filters, order, needed, rank_window, count_limit
        )
        if count_limit is not None and count > count_limit:
            count, capped = count_limit, True
        total, ranked = total + count, ranked + rows
    ranked.sort(key=_sort_key(order))
    shown = ranked[(page - 1) * per_page : needed]
    return PageResult(
        items=_load_hits(session, query, shown),
        total=total,
        request=PageRequest(per_page=per_page, page=page),
        next_cursor=None,
        total_capped=capped,
    )


def _split(filters: ArticleFilters, kind: HitType) -> tuple[ArticleFilters, QuoteFilters]:
    """The filters on the hit's article, and on the quote itself. The speaker filter means
    "named in" for an article and "said by" for a quote."""
    if kind is HitType.article:
        return filters, QuoteFilters()
    return replace(filters, speaker=None), QuoteFilters(speaker=filters.speaker)


# Built statements by shape (engine, kind, order, windowed, capped, which filters): every value,
# the query included, is a named bind parameter, so a shape is built once and then only
# executed. Building a statement of this size costs more than running it for a rare word.
_statements: dict[tuple[Any, ...], Any] = {}


def _ranked(
    session: Session,
    kind: HitType,
    query: SearchQuery,
    filters: ArticleFilters,
    order: SearchOrder,
    limit: int,
    rank_window: int | None,
    count_limit: int | None,
) -> tuple[int, list[_Ranked]]:
    """How many of `kind` match (up to one more than `count_limit`), and the best `limit` of
    them in `order`."""
    backend = backend_for(session)
    on_article, on_quote = _split(filters, kind)
    params = article_params(on_article) | quote_params(on_quote)
    windowed = order is SearchOrder.relevance and rank_window is not None
    capped = count_limit is not None
    key = (session.get_bind().dialect.name, kind, order, windowed, capped, tuple(sorted(params)))
    stmt = _statements.get(key)
    if stmt is None:  # only now are the filter conditions worth building
        conditions = [
            *article_conditions(session, on_article),
            *quote_conditions(session, on_quote),
        ]
        stmt = _statements[key] = _ranking_statement(
            backend, kind, query, conditions, order, rank_window if windowed else None, capped
        )
    params |= backend.params(query) | {"limit": limit, "window": rank_window}
    if capped:
        params["count_limit"] = count_limit + 1  # one more tells "exactly N" from "more"
    rows = session.execute(stmt, params).all()
    return (rows[0].total if rows else 0), [
        _Ranked(kind, r.id, r.score, r.published_at) for r in rows
    ]


def _ranking_statement(
    backend: SearchBackend,
    kind: HitType,
    query: SearchQuery,
    conditions: list[Any],
    order: SearchOrder,
    window: int | None,
    capped: bool,
) -> Any:
    match = backend.match_articles if kind is HitType.article else backend.match_quotes
    # Counted in the same statement: one round trip instead of two.
    matches = match(query, conditions=conditions)
    # Counting needs ids only: a score column would be computed for every row counted.
    matches = matches.with_only_columns(matches.selected_columns.id)
    if capped:
        matches = matches.limit(bindparam("count_limit"))
    total = select(func.count()).select_from(matches.subquery()).scalar_subquery()
    candidates = match(query, conditions=conditions, window=window).subquery()
    row_id = Article.id if kind is HitType.article else Quote.id
    stmt = select(row_id.label("id"), Article.published_at, total.label("total")).join(
        candidates, candidates.c.id == row_id
    )
    if kind is HitType.quote:
        stmt = stmt.join(Article, Article.id == Quote.article_id)
    if order is SearchOrder.relevance:
        stmt = stmt.add_columns(candidates.c.score).order_by(
            candidates.c.score.desc(), Article.published_at.desc(), row_id.desc()
        )
    else:
        # Dates need no score to sort; leaving it out spares scoring every match.
        direction = "desc" if order is SearchOrder.newest else "asc"
        stmt = stmt.add_columns(null().label("score")).order_by(
            getattr(Article.published_at, direction)(), getattr(row_id, direction)()
        )
    return stmt.limit(bindparam("limit"))


def _sort_key(order: SearchOrder) -> Any:
    if order is SearchOrder.relevance:
        return lambda r: (-r.score, -r.published_at.timestamp(), r.type, -r.id)
    sign = -1 if order is SearchOrder.newest else 1
    return lambda r: (sign * r.published_at.timestamp(), r.type, sign * r.id)


# Built once: what the page's hits embed, by their ids.
_ids = bindparam("ids", expanding=True)
_QUOTES_BY_ID = select(*QUOTE_COLUMNS).where(QUOTE.c.id.in_(_ids))
_BODIES_BY_ID = select(ARTICLE.c.id, ARTICLE.c.paragraphs).where(ARTICLE.c.id.in_(_ids))


def _load_hits(session: Session, query: SearchQuery, ranked: list[_Ranked]) -> list[Record]:
    """The page's hits (`SearchHitPublic` records) in a fixed number of queries, with their
    snippets."""
    article_ids = [r.id for r in ranked if r.type is HitType.article]
    quote_ids = [r.id for r in ranked if r.type is HitType.quote]
    found = rows(session, _QUOTES_BY_ID, {"ids": quote_ids}) if quote_ids else []
    quotes = {q["id"]: q for q in with_speakers(session, found)}
    bodies = by_id(session, _BODIES_BY_ID, article_ids)
    articles = summaries_by_id(session, [*bodies, *(q["article_id"] for q in quotes.values())])
    hits = []
    for r in ranked:
        if r.type is HitType.quote and (quote := quotes.get(r.id)) is not None:
            if (article := articles.get(quote["article_id"])) is None:
                continue  # the article went between the two reads
            text = snippet(quote["text"], query, words=QUOTE_SNIPPET_WORDS)
        elif r.type is HitType.article and (article := articles.get(r.id)) is not None:
            texts = [article["standfirst"], article["title"], *bodies[r.id]]
            text, quote = best_snippet(texts, query), None
        else:
            continue  # deleted since it was ranked
        hits.append(
            {"type": r.type, "score": r.score, "snippet": text, "article": article, "quote": quote}
        )
    return hits
