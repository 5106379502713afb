"""Article schemas."""

from datetime import datetime

from pydantic import BaseModel, Field

from app.schemas.quote import ArticleQuote
from app.schemas.refs import SpeakerRef

_EXAMPLE_SUMMARY = {
    "id": 1,
    "slug": "us-russia-frank-talks-on-ukraine",
    "title": "Tension in Ukraine – US and Russia hold “frank” talks",
    "site": "NEWS WORLD UPDATE",
    "section": "world",
    "standfirst": "Antony Blinken and Sergei Lavrov both described their talks as “frank”…",
    "published_at": "2022-01-21T18:00:00Z",
    "updated_at": "2022-01-21T18:00:00Z",
    "tags": ["diplomacy", "nato", "russia", "ukraine", "united-states"],
    "comments_open": True,
    "canonical_url": None,
    "comment_count": 3,
}


class ArticleSummary(BaseModel):
    """An article without its body, as list pages show it."""

    model_config = {"json_schema_extra": {"examples": [_EXAMPLE_SUMMARY]}}

    id: int
    slug: str
    title: str
    site: str | None = Field(description="The publication, e.g. NEWS WORLD UPDATE.")
    section: str | None
    standfirst: str | None = Field(description="The summary shown under the headline.")
    published_at: datetime
    updated_at: datetime
    tags: list[str]
    comments_open: bool
    canonical_url: str | None
    comment_count: int = Field(description="Published comments.")


class ArticlePublic(ArticleSummary):
    """The whole article: its paragraphs, every quote in them and the speakers it names."""

    paragraphs: list[str]
    speakers: list[SpeakerRef] = Field(
        description="Everyone the article names, quoted or not, in order of first mention."
    )
    quotes: list[ArticleQuote] = Field(description="Every quote, in reading order.")
