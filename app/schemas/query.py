"""Query-string parameters of the list endpoints, parsed as one model each.

Unknown parameters are refused (422) instead of ignored: `?sectoin=world` answering with every
article would hide the typo.
"""

from datetime import UTC, date, datetime, time
from typing import Annotated, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from app.services.articles import ArticleFilters
from app.services.pagination import Order, PageRequest
from app.services.quotes import QuoteFilters


def _utc_instant(value: object) -> object:
    """Accept a date (midnight UTC) or a datetime (naive means UTC)."""
    if isinstance(value, str) and len(value) == 10:
        value = date.fromisoformat(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value, time.min, tzinfo=UTC)
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


UTCInstant = Annotated[datetime, BeforeValidator(_utc_instant)]
SlugParam = Annotated[str, Field(min_length=1, max_length=200)]


class PageQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    page: int | None = Field(
        default=None, ge=1, le=1_000_000, description="Page number, from 1. Not with `cursor`."
    )
    per_page: int = Field(default=20, ge=1, le=100, description="Items per page.")
    cursor: str | None = Field(
        default=None,
        max_length=1000,
        description="`meta.next_cursor` of the previous page: constant cost at any depth.",
    )

    @model_validator(mode="after")
    def _page_or_cursor(self) -> Self:
        if self.page is not None and self.cursor is not None:
            raise ValueError("use either page or cursor, not both")
        return self

    def page_request(self, order: str) -> PageRequest:
        return PageRequest(per_page=self.per_page, page=self.page, cursor=self.cursor, order=order)


class ArticleQuery(PageQuery):
    order: Order = Field(default=Order.newest, description="By publication date.")
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

    def filters(self) -> ArticleFilters:
        return ArticleFilters(
            section=self.section,
            tag=self.tag,
            speaker=self.speaker,
            published_after=self.published_after,
            published_before=self.published_before,
        )


class QuoteQuery(PageQuery):
    order: Order = Field(default=Order.newest, description="By the article's publication date.")
    speaker: SlugParam | None = Field(default=None, examples=["antony-blinken"])
    article: SlugParam | None = Field(default=None, description="Article id or slug.")

    def filters(self) -> QuoteFilters:
        return QuoteFilters(speaker=self.speaker, article=self.article)
