"""Filters shared by the list endpoints and search, as SQL conditions."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, bindparam
from sqlmodel import Session, select

from app.models import Article, ArticleSpeaker, ArticleTag, Quote, QuoteSpeaker, Speaker
from app.models.types import UTCDateTime
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


def article_params(filters: ArticleFilters) -> dict[str, Any]:
    """The filter values, by the names of their bind parameters in `article_conditions`."""
    values = {
        "section": filters.section,
        "tag": filters.tag,
        "article_speaker": filters.speaker,
        "published_after": filters.published_after,
        "published_before": filters.published_before,
    }
    return {name: value for name, value in values.items() if value is not None}


def quote_params(filters: QuoteFilters) -> dict[str, Any]:
    """The filter values, by the names of their bind parameters in `quote_conditions`."""
    values = {"quote_speaker": filters.speaker, "article_ref": filters.article}
    return {name: value for name, value in values.items() if value is not None}


# Filter values travel as named bind parameters, so that a statement built for one set of
# values can be run again with another (see app.services.search).


def article_conditions(session: Session, filters: ArticleFilters) -> list[ColumnElement[bool]]:
    """Conditions on `Article` (joined in when listing quotes)."""
    params = article_params(filters)
    conditions: list[Any] = []
    if "section" in params:
        conditions.append(Article.section == bindparam("section", params["section"]))
    if "tag" in params:
        tagged = select(ArticleTag.article_id).where(
            ArticleTag.tag == bindparam("tag", params["tag"])
        )
        conditions.append(Article.id.in_(tagged))
    if "article_speaker" in params:
        naming = _speaker_links(
            ArticleSpeaker.article_id, ArticleSpeaker.speaker_id, "article_speaker", params
        )
        conditions.append(Article.id.in_(naming))
    if "published_after" in params:
        after = bindparam("published_after", params["published_after"], type_=UTCDateTime)
        conditions.append(Article.published_at >= after)
    if "published_before" in params:
        before = bindparam("published_before", params["published_before"], type_=UTCDateTime)
        conditions.append(Article.published_at < before)
    if filters.q is not None:
        matching = backend_for(session).match_articles(filters.q).subquery()
        conditions.append(Article.id.in_(select(matching.c.id)))
    return conditions


def quote_conditions(session: Session, filters: QuoteFilters) -> list[ColumnElement[bool]]:
    """Conditions on `Quote`; `article` needs `Article` joined."""
    params = quote_params(filters)
    conditions: list[Any] = []
    if "quote_speaker" in params:
        said_by = _speaker_links(
            QuoteSpeaker.quote_id, QuoteSpeaker.speaker_id, "quote_speaker", params
        )
        conditions.append(Quote.id.in_(said_by))
    if "article_ref" in params:
        conditions.append(id_or_slug_clause(Article, params["article_ref"]))
    if filters.q is not None:
        matching = backend_for(session).match_quotes(filters.q).subquery()
        conditions.append(Quote.id.in_(select(matching.c.id)))
    return conditions


def _speaker_links(linked_id: Any, speaker_id: Any, param: str, params: dict[str, Any]) -> Any:
    """`linked_id` of the link rows pointing at the speaker whose slug is `params[param]`."""
    return (
        select(linked_id)
        .join(Speaker, Speaker.id == speaker_id)
        .where(Speaker.slug == bindparam(param, params[param]))
    )
