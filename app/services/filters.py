"""Filters shared by the list endpoints and search, as SQL conditions."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import Session, select

from app.models import Article, ArticleSpeaker, ArticleTag, Quote, QuoteSpeaker, Speaker
from app.search import SearchQuery, backend_for
from app.services.lookup import id_or_slug_clause


@dataclass(frozen=True)
class ArticleFilters:
    section: str | None = None
    tag: str | None = None
    speaker: str | None = None  # a speaker the article names
    published_after: datetime | None = None
    published_before: datetime | None = None
    q: SearchQuery | None = None


@dataclass(frozen=True)
class QuoteFilters:
    speaker: str | None = None  # a speaker the quote is attributed to
    article: str | None = None  # id or slug
    q: SearchQuery | None = None


def article_conditions(session: Session, filters: ArticleFilters) -> list[ColumnElement[bool]]:
    """Conditions on `Article` (joined in when listing quotes)."""
    conditions: list[Any] = []
    if filters.section is not None:
        conditions.append(Article.section == filters.section)
    if filters.tag is not None:
        tagged = select(ArticleTag.article_id).where(ArticleTag.tag == filters.tag)
        conditions.append(Article.id.in_(tagged))
    if filters.speaker is not None:
        naming = (
            select(ArticleSpeaker.article_id)
            .join(Speaker, Speaker.id == ArticleSpeaker.speaker_id)
            .where(Speaker.slug == filters.speaker)
        )
        conditions.append(Article.id.in_(naming))
    if filters.published_after is not None:
        conditions.append(Article.published_at >= filters.published_after)
    if filters.published_before is not None:
        conditions.append(Article.published_at < filters.published_before)
    if filters.q is not None:
        matching = backend_for(session).match_articles(filters.q).subquery()
        conditions.append(Article.id.in_(select(matching.c.id)))
    return conditions


def quote_conditions(session: Session, filters: QuoteFilters) -> list[ColumnElement[bool]]:
    """Conditions on `Quote`; `article` needs `Article` joined."""
    conditions: list[Any] = []
    if filters.speaker is not None:
        said_by = (
            select(QuoteSpeaker.quote_id)
            .join(Speaker, Speaker.id == QuoteSpeaker.speaker_id)
            .where(Speaker.slug == filters.speaker)
        )
        conditions.append(Quote.id.in_(said_by))
    if filters.article is not None:
        conditions.append(id_or_slug_clause(Article, filters.article))
    if filters.q is not None:
        matching = backend_for(session).match_quotes(filters.q).subquery()
        conditions.append(Quote.id.in_(select(matching.c.id)))
    return conditions
