"""Reading articles."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from app.errors import NotFound
from app.models import Article, ArticleSpeaker, ArticleTag, Quote, QuoteSpeaker, Speaker
from app.services.lookup import id_or_slug_clause
from app.services.pagination import Order, PageRequest, PageResult, SortKey, datetime_key, paginate

ARTICLE_ORDERS = {
    Order.newest: [datetime_key(Article.published_at, descending=True), SortKey(Article.id, True)],
    Order.oldest: [
        datetime_key(Article.published_at, descending=False),
        SortKey(Article.id, False),
    ],
}


@dataclass(frozen=True)
class ArticleFilters:
    section: str | None = None
    tag: str | None = None
    speaker: str | None = None
    published_after: datetime | None = None
    published_before: datetime | None = None


def list_articles(
    session: Session, *, filters: ArticleFilters, page: PageRequest
) -> PageResult[Article]:
    """One page of article summaries (tags loaded, body not needed) matching `filters`."""
    stmt = select(Article).options(selectinload(Article.tags))
    if filters.section is not None:
        stmt = stmt.where(Article.section == filters.section)
    if filters.tag is not None:
        tagged = select(ArticleTag.article_id).where(ArticleTag.tag == filters.tag)
        stmt = stmt.where(Article.id.in_(tagged))
    if filters.speaker is not None:
        naming = (
            select(ArticleSpeaker.article_id)
            .join(Speaker, Speaker.id == ArticleSpeaker.speaker_id)
            .where(Speaker.slug == filters.speaker)
        )
        stmt = stmt.where(Article.id.in_(naming))
    if filters.published_after is not None:
        stmt = stmt.where(Article.published_at >= filters.published_after)
    if filters.published_before is not None:
        stmt = stmt.where(Article.published_at < filters.published_before)
    return paginate(session, stmt, keys=ARTICLE_ORDERS[Order(page.order)], request=page)


def get_article(session: Session, *, ref: str) -> Article:
    """The full article with its tags, speakers and quotes loaded in a fixed number of queries."""
    stmt = (
        select(Article)
        .where(id_or_slug_clause(Article, ref))
        .options(
            selectinload(Article.tags),
            selectinload(Article.speaker_links).joinedload(ArticleSpeaker.speaker),
            selectinload(Article.quotes)
            .selectinload(Quote.speaker_links)
            .joinedload(QuoteSpeaker.speaker),
        )
    )
    article = session.exec(stmt).first()
    if article is None:
        raise NotFound("article", ref)
    return article
