"""Reading quotes across articles."""

from sqlalchemy.orm import contains_eager, selectinload
from sqlmodel import Session, select

from app.models import Article, Quote, QuoteSpeaker
from app.services.filters import QuoteFilters, quote_conditions
from app.services.pagination import Order, PageRequest, PageResult, SortKey, datetime_key, paginate


def _published(quote: Quote) -> object:
    return quote.article.published_at


# Articles newest (or oldest) first; within an article, always in reading order.
QUOTE_ORDERS = {
    order: [
        datetime_key(Article.published_at, descending=descending, value=_published),
        SortKey(Quote.article_id, descending),
        SortKey(Quote.paragraph, False),
        SortKey(Quote.start, False),
    ]
    for order, descending in ((Order.newest, True), (Order.oldest, False))
}


def list_quotes(session: Session, *, filters: QuoteFilters, page: PageRequest) -> PageResult[Quote]:
    """One page of quotes, each with its article and speakers loaded."""
    stmt = (
        select(Quote)
        .join(Quote.article)
        .options(
            contains_eager(Quote.article),
            selectinload(Quote.speaker_links).joinedload(QuoteSpeaker.speaker),
        )
        .where(*quote_conditions(session, filters))
    )
    return paginate(session, stmt, keys=QUOTE_ORDERS[Order(page.order)], request=page)
