"""Ranked search across articles and quotes together."""

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import defer, joinedload, selectinload
from sqlmodel import Session, select

from app.models import Article, Quote, QuoteSpeaker
from app.search import SearchQuery, backend_for
from app.search.base import safe_snippet
from app.services.filters import (
    ArticleFilters,
    QuoteFilters,
    article_conditions,
    quote_conditions,
)
from app.services.pagination import PageRequest, PageResult

# Ranking needs every match scored; pages past this are not served: refine the query instead.
MAX_SEARCH_PAGE = 100


class HitType(StrEnum):
    article = "article"
    quote = "quote"


class SearchOrder(StrEnum):
    relevance = "relevance"
    newest = "newest"
    oldest = "oldest"


@dataclass(frozen=True)
class SearchHit:
    type: HitType
    score: float
    snippet: str
    article: Article
    quote: Quote | None = None


@dataclass(frozen=True)
class _Ranked:
    type: HitType
    id: int
    score: float
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
) -> PageResult[SearchHit]:
    """One page of hits. Each kind is ranked in the database, the top of each merged here."""
    window = page * per_page  # the best `window` of each kind contain the page, merged
    ranked: list[_Ranked] = []
    total = 0
    if HitType.article in types:
        count, rows = _ranked_articles(session, query, filters, order, window)
        total, ranked = total + count, ranked + rows
    if HitType.quote in types:
        count, rows = _ranked_quotes(session, query, filters, order, window)
        total, ranked = total + count, ranked + rows
    ranked.sort(key=_sort_key(order))
    shown = ranked[(page - 1) * per_page : window]
    return PageResult(
        items=_load_hits(session, query, shown),
        total=total,
        request=PageRequest(per_page=per_page, page=page),
        next_cursor=None,
    )


def _ranked_articles(
    session: Session, query: SearchQuery, filters: ArticleFilters, order: SearchOrder, limit: int
) -> tuple[int, list[_Ranked]]:
    match = backend_for(session).match_articles(query).subquery()
    stmt = (
        select(Article.id, Article.published_at, match.c.score)
        .join(match, match.c.id == Article.id)
        .where(*article_conditions(session, filters))
    )
    return _top(session, stmt, HitType.article, order, Article.id, limit)


def _ranked_quotes(
    session: Session, query: SearchQuery, filters: ArticleFilters, order: SearchOrder, limit: int
) -> tuple[int, list[_Ranked]]:
    match = backend_for(session).match_quotes(query).subquery()
    # The speaker filter means "said by" for a quote, the article filters apply to its article.
    stmt = (
        select(Quote.id, Article.published_at, match.c.score)
        .join(match, match.c.id == Quote.id)
        .join(Article, Article.id == Quote.article_id)
        .where(
            *article_conditions(session, replace(filters, speaker=None)),
            *quote_conditions(session, QuoteFilters(speaker=filters.speaker)),
        )
    )
    return _top(session, stmt, HitType.quote, order, Quote.id, limit)


def _top(
    session: Session, stmt: Any, kind: HitType, order: SearchOrder, id_column: Any, limit: int
) -> tuple[int, list[_Ranked]]:
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    score = stmt.selected_columns.score
    if order is SearchOrder.relevance:
        ordering = (score.desc(), Article.published_at.desc(), id_column.desc())
    elif order is SearchOrder.newest:
        ordering = (Article.published_at.desc(), id_column.desc())
    else:
        ordering = (Article.published_at.asc(), id_column.asc())
    rows = session.execute(stmt.order_by(*ordering).limit(limit)).all()
    return total, [_Ranked(kind, row_id, float(s), published) for row_id, published, s in rows]


def _sort_key(order: SearchOrder) -> Any:
    if order is SearchOrder.relevance:
        return lambda r: (-r.score, -r.published_at.timestamp(), r.type, -r.id)
    sign = -1 if order is SearchOrder.newest else 1
    return lambda r: (sign * r.published_at.timestamp(), r.type, sign * r.id)


def _load_hits(session: Session, query: SearchQuery, ranked: list[_Ranked]) -> list[SearchHit]:
    """The page's articles and quotes in a fixed number of queries, with their snippets."""
    backend = backend_for(session)
    article_ids = [r.id for r in ranked if r.type is HitType.article]
    quote_ids = [r.id for r in ranked if r.type is HitType.quote]
    articles = {
        a.id: a
        for a in session.exec(
            select(Article)
            .where(Article.id.in_(article_ids))
            .options(selectinload(Article.tags), defer(Article.paragraphs))
        )
    }
    quotes = {
        q.id: q
        for q in session.exec(
            select(Quote)
            .where(Quote.id.in_(quote_ids))
            .options(
                joinedload(Quote.article).options(
                    selectinload(Article.tags), defer(Article.paragraphs)
                ),
                selectinload(Quote.speaker_links).joinedload(QuoteSpeaker.speaker),
            )
        )
    }
    snippets = {
        HitType.article: backend.article_snippets(session, query, article_ids),
        HitType.quote: backend.quote_snippets(session, query, quote_ids),
    }
    hits = []
    for r in ranked:
        quote = quotes[r.id] if r.type is HitType.quote else None
        article = quote.article if quote else articles[r.id]
        fallback = quote.text if quote else (article.standfirst or article.title)
        snippet = snippets[r.type].get(r.id) or safe_snippet(fallback)
        hits.append(SearchHit(r.type, r.score, snippet, article, quote))
    return hits
