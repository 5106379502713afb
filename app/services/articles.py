"""Reading articles."""

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy.orm import defer, selectinload
from sqlmodel import Session, select

from app.errors import NotFound
from app.models import Article, ArticleSpeaker, Quote, QuoteSpeaker
from app.services.comments import approved_comment_counts
from app.services.filters import ArticleFilters, article_conditions
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
class ArticleView:
    """An article with what is counted about it."""

    article: Article
    comment_count: int


def with_counts(session: Session, articles: Sequence[Article]) -> list[ArticleView]:
    counts = approved_comment_counts(session, [a.id for a in articles if a.id is not None])
    return [ArticleView(a, counts.get(a.id or 0, 0)) for a in articles]


def list_articles(
    session: Session, *, filters: ArticleFilters, page: PageRequest
) -> PageResult[ArticleView]:
    """One page of article summaries (tags loaded, body not needed) matching `filters`."""
    stmt = (
        select(Article)
        .options(selectinload(Article.tags), defer(Article.paragraphs))  # summaries: no body
        .where(*article_conditions(session, filters))
    )
    result = paginate(session, stmt, keys=ARTICLE_ORDERS[Order(page.order)], request=page)
    return replace(result, items=with_counts(session, result.items))


def get_article(session: Session, *, ref: str) -> ArticleView:
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
    return with_counts(session, [article])[0]


def latest_articles(session: Session, *, filters: ArticleFilters, limit: int) -> list[Article]:
    """The newest articles matching `filters`, whole (with tags), for a feed."""
    stmt = (
        select(Article)
        .options(selectinload(Article.tags))
        .where(*article_conditions(session, filters))
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(limit)
    )
    return list(session.exec(stmt).all())
