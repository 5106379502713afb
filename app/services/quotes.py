"""Reading quotes across articles."""

from dataclasses import replace

from sqlalchemy import select
from sqlmodel import Session

from app.services.filters import QuoteFilters, quote_conditions
from app.services.pagination import Order, PageRequest, PageResult, SortKey, datetime_key, paginate
from app.services.records import (
    ARTICLE,
    QUOTE,
    QUOTE_COLUMNS,
    Record,
    with_speakers,
)

# Articles newest (or oldest) first; within an article, always in reading order.
QUOTE_ORDERS = {
    order: [
        datetime_key(ARTICLE.c.published_at, descending=descending),
        SortKey(QUOTE.c.article_id, descending),
        SortKey(QUOTE.c.paragraph, False),
        SortKey(QUOTE.c.start, False),
    ]
    for order, descending in ((Order.newest, True), (Order.oldest, False))
}


def list_quotes(
    session: Session, *, filters: QuoteFilters, page: PageRequest
) -> PageResult[Record]:
    """One page of quotes (`QuotePublic` records), with their speakers and articles."""
    conditions = quote_conditions(session, filters)
    stmt = select(
        *QUOTE_COLUMNS,
        ARTICLE.c.published_at,
        ARTICLE.c.slug.label("article_slug"),
        ARTICLE.c.title.label("article_title"),
    ).join_from(QUOTE, ARTICLE)
    # Every quote has exactly one article, so the join only matters to a filter on the
    # article: without it, the count reads one index instead of joining every quote (at 350k
    # quotes, 0.7 ms instead of 70).
    counted = select(QUOTE.c.id)
    if filters.article is not None:
        counted = counted.join_from(QUOTE, ARTICLE)
    result = paginate(
        session,
        stmt.where(*conditions),
        keys=QUOTE_ORDERS[Order(page.order)],
        request=page,
        counted=counted.where(*conditions),
    )
    quotes = [dict(r._mapping) for r in result.items]
    for quote in quotes:
        quote["article"] = {
            "id": quote["article_id"],
            "slug": quote.pop("article_slug"),
            "title": quote.pop("article_title"),
        }
    return replace(result, items=with_speakers(session, quotes))
