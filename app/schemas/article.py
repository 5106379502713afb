"""Article schemas."""

from datetime import datetime

from pydantic import BaseModel, Field

from app.schemas.quote import ArticleQuote
from app.schemas.refs import SpeakerRef
from app.services.articles import ArticleView

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

    @classmethod
    def from_view(cls, view: ArticleView) -> "ArticleSummary":
        return cls(**_summary_fields(view))


class ArticlePublic(ArticleSummary):
    """The whole article: its paragraphs, every quote in them and the speakers it names."""

    paragraphs: list[str]
    speakers: list[SpeakerRef] = Field(
        description="Everyone the article names, quoted or not, in order of first mention."
    )
    quotes: list[ArticleQuote] = Field(description="Every quote, in reading order.")

    @classmethod
    def from_view(cls, view: ArticleView) -> "ArticlePublic":
        article = view.article
        return cls(
            **_summary_fields(view),
            paragraphs=article.paragraphs,
            speakers=[SpeakerRef.model_validate(link.speaker) for link in article.speaker_links],
            quotes=[ArticleQuote.from_table(quote) for quote in article.quotes],
        )


def _summary_fields(view: ArticleView) -> dict[str, object]:
    article = view.article
    return {
        "comment_count": view.comment_count,
        "id": article.id,
        "slug": article.slug,
        "title": article.title,
        "site": article.site,
        "section": article.section,
        "standfirst": article.standfirst,
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "tags": [t.tag for t in article.tags],
        "comments_open": article.comments_open,
        "canonical_url": article.canonical_url,
    }
