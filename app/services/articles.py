"""Reading articles."""

from dataclasses import replace

from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload
from sqlmodel import Session
from sqlmodel import select as select_models

from app.errors import NotFound
from app.models import Article
from app.services.filters import ArticleFilters, article_conditions
from app.services.lookup import id_or_slug_clause
from app.services.pagination import Order, PageRequest, PageResult, SortKey, datetime_key, paginate
from app.services.records import (
    ARTICLE,
    ARTICLE_SPEAKER,
    QUOTE,
    QUOTE_COLUMNS,
    SPEAKER,
    SPEAKER_REF_COLUMNS,
    SUMMARY_COLUMNS,
    Record,
    rows,
    summaries,
    with_speakers,
)

ARTICLE_ORDERS = {
    Order.newest: [datetime_key(Article.published_at, descending=True), SortKey(Article.id, True)],
    Order.oldest: [
        datetime_key(Article.published_at, descending=False),
        SortKey(Article.id, False),
    ],
}

_SPEAKERS = (
    select(*SPEAKER_REF_COLUMNS)
    .join_from(ARTICLE_SPEAKER, SPEAKER)
    .where(ARTICLE_SPEAKER.c.article_id == bindparam("id"))
    .order_by(ARTICLE_SPEAKER.c.position)
)
_QUOTES = (
    select(*QUOTE_COLUMNS)
    .where(QUOTE.c.article_id == bindparam("id"))
    .order_by(QUOTE.c.paragraph, QUOTE.c.start)
)


def list_articles(
    session: Session, *, filters: ArticleFilters, page: PageRequest
) -> PageResult[Record]:
    """One page of article summaries (`ArticleSummary` records) matching `filters`."""
    stmt = select(*SUMMARY_COLUMNS).where(*article_conditions(session, filters))
    result = paginate(session, stmt, keys=ARTICLE_ORDERS[Order(page.order)], request=page)
    return replace(result, items=summaries(session, [dict(r._mapping) for r in result.items]))


def get_article(session: Session, *, ref: str) -> Record:
    """The whole article (an `ArticlePublic` record): body, tags, speakers, quotes."""
    found = rows(session, select(ARTICLE).where(id_or_slug_clause(ARTICLE.c, ref)), {})
    if not found:
        raise NotFound("article", ref)
    article = summaries(session, found)[0]
    article["speakers"] = rows(session, _SPEAKERS, {"id": article["id"]})
    article["quotes"] = with_speakers(session, rows(session, _QUOTES, {"id": article["id"]}))
    return article


def latest_articles(session: Session, *, filters: ArticleFilters, limit: int) -> list[Article]:
    """The newest articles matching `filters`, whole (with tags), for a feed."""
    stmt = (
        select_models(Article)
        .options(selectinload(Article.tags))
        .where(*article_conditions(session, filters))
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(limit)
    )
    return list(session.exec(stmt).all())
