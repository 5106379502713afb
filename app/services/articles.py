"""Reading articles."""

from sqlalchemy.orm import defer, selectinload
from sqlmodel import Session, select

from app.errors import NotFound
from app.models import Article, ArticleSpeaker, Quote, QuoteSpeaker
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


def list_articles(
    session: Session, *, filters: ArticleFilters, page: PageRequest
) -> PageResult[Article]:
    """One page of article summaries (tags loaded, body not needed) matching `filters`."""
    stmt = (
        select(Article)
        .options(selectinload(Article.tags), defer(Article.paragraphs))  # summaries: no body
        .where(*article_conditions(session, filters))
    )
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
