"""Query-string parameters of the list and search endpoints, parsed as one model each.

Unknown parameters are refused (422) instead of ignored: `?sectoin=world` answering with every
article would hide the typo.
"""

from datetime import UTC, date, datetime, time
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from app.models import CommentStatus
from app.schemas.bundle import SLUG_PATTERN
from app.search import SearchQuery, parse_query
from app.search.query import MAX_QUERY_LENGTH
from app.services.filters import ArticleFilters, QuoteFilters
from app.services.pagination import Order, PageRequest
from app.services.search import MAX_SEARCH_PAGE, HitType, SearchOrder


def _utc_instant(value: object) -> object:
    """Accept a date (midnight UTC) or a datetime (naive means UTC); return it in UTC."""
    if isinstance(value, str) and len(value) == 10:
        value = date.fromisoformat(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value, time.min, tzinfo=UTC)
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        try:
            return value.astimezone(UTC)
        except OverflowError:  # 9999-12-31T23:00-05:00 has no UTC instant
            raise ValueError("outside the range of dates") from None
    return value


UTCInstant = Annotated[datetime, BeforeValidator(_utc_instant)]
SlugParam = Annotated[str, Field(min_length=1, max_length=200, pattern=SLUG_PATTERN)]
QUERY_SYNTAX = (
    'Words (all must match), `"exact phrases"`, `OR`, `-word` or `NOT word` to exclude, '
    "`prefix*`. Anything else is read as plain words."
)


def _parsed(q: str | None) -> SearchQuery | None:
    return parse_query(q) if q is not None else None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PageNumberQuery(_Strict):
    page: int | None = Field(
        default=None,
        ge=1,
        le=1_000_000,
        description="Page number, from 1. Not with `cursor`.",
        examples=[2],
    )
    per_page: int = Field(default=20, ge=1, le=100, description="Items per page.", examples=[50])


class PageQuery(PageNumberQuery):
    cursor: str | None = Field(
        default=None,
        max_length=1000,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="`meta.next_cursor` of the previous page: constant cost at any depth.",
    )

    @field_validator("cursor")
    @classmethod
    def _page_or_cursor(cls, cursor: str | None, info: ValidationInfo) -> str | None:
        if cursor is not None and info.data.get("page") is not None:
            raise ValueError("use either page or cursor, not both")
        return cursor

    def page_request(self, order: str) -> PageRequest:
        return PageRequest(per_page=self.per_page, page=self.page, cursor=self.cursor, order=order)


class ArticleFilterQuery(_Strict):
    section: SlugParam | None = Field(default=None, examples=["world"])
    tag: SlugParam | None = Field(default=None, examples=["ukraine"])
    speaker: SlugParam | None = Field(
        default=None, description="Slug of a speaker the article names.", examples=["joe-biden"]
    )
    published_after: UTCInstant | None = Field(
        default=None,
        description="Inclusive. A date (`2022-01-01`, midnight UTC) or an ISO 8601 datetime.",
    )
    published_before: UTCInstant | None = Field(default=None, description="Exclusive.")

    @field_validator("published_before")
    @classmethod
    def _window_not_inverted(cls, before: datetime | None, info: ValidationInfo) -> datetime | None:
        after = info.data.get("published_after")
        if before is not None and after is not None and before <= after:
            raise ValueError("must be later than published_after")
        return before

    def article_filters(self, q: str | None = None) -> ArticleFilters:
        return ArticleFilters(
            section=self.section,
            tag=self.tag,
            speaker=self.speaker,
            published_after=self.published_after,
            published_before=self.published_before,
            q=_parsed(q),
        )


class ArticleQuery(PageQuery, ArticleFilterQuery):
    order: Order = Field(default=Order.newest, description="By publication date.")
    q: str | None = Field(
        default=None,
        max_length=MAX_QUERY_LENGTH,
        description=f"Only articles matching this search. {QUERY_SYNTAX} "
        "For relevance order, use `/search`.",
    )

    def filters(self) -> ArticleFilters:
        return self.article_filters(self.q)


class QuoteQuery(PageQuery):
    order: Order = Field(default=Order.newest, description="By the article's publication date.")
    speaker: SlugParam | None = Field(default=None, examples=["antony-blinken"])
    article: SlugParam | None = Field(default=None, description="Article id or slug.")
    q: str | None = Field(
        default=None,
        max_length=MAX_QUERY_LENGTH,
        description=f"Only quotes matching this search (their text or speaker). {QUERY_SYNTAX}",
    )

    def filters(self) -> QuoteFilters:
        return QuoteFilters(speaker=self.speaker, article=self.article, q=_parsed(self.q))


class SearchParams(PageNumberQuery, ArticleFilterQuery):
    q: str = Field(
        min_length=1,
        max_length=MAX_QUERY_LENGTH,
        description=QUERY_SYNTAX,
        examples=['"minor incursion"', "lavrov sabotage", "sanction* -russia"],
    )
    type: HitType | None = Field(default=None, description="Only articles, or only quotes.")
    order: SearchOrder = Field(default=SearchOrder.relevance)
    page: int = Field(default=1, ge=1, le=MAX_SEARCH_PAGE, description="Page number, from 1.")

    def types(self) -> frozenset[HitType]:
        return frozenset([self.type] if self.type else HitType)

    def query(self) -> SearchQuery:
        return parse_query(self.q)


class ModerationQuery(PageQuery):
    status: CommentStatus | None = Field(
        default=None, description="Only comments in this state.", examples=["pending"]
    )
    article: SlugParam | None = Field(default=None, description="Article id or slug.")


class FeedQuery(_Strict):
    section: SlugParam | None = Field(default=None, examples=["world"])
    speaker: SlugParam | None = Field(
        default=None, description="Slug of a speaker the article names.", examples=["joe-biden"]
    )

    def filters(self) -> ArticleFilters:
        return ArticleFilters(section=self.section, speaker=self.speaker)
