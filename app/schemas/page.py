"""The envelope of every list response."""

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class PageLinks(BaseModel):
    """The same links as the `Link` header (RFC 8288), for clients that cannot read headers."""

    self: str
    first: str
    prev: str | None = None
    next: str | None = None
    last: str | None = None


class PageMeta(BaseModel):
    total: int = Field(description="Items matching the filters, on all pages.")
    per_page: int
    page: int | None = Field(description="This page's number; null when paging by cursor.")
    pages: int = Field(description="How many pages of `per_page` items there are.")
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page (cheap at any depth); null on the last."
    )
    total_capped: bool = Field(
        default=False,
        description="True when counting stopped at `total` (search only): there are more.",
    )


class Page(BaseModel, Generic[T]):
    data: list[T]
    meta: PageMeta
    links: PageLinks
