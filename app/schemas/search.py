"""Search hit schema."""

from pydantic import BaseModel, Field

from app.schemas.article import ArticleSummary
from app.schemas.quote import ArticleQuote
from app.services.search import HitType


class SearchHitPublic(BaseModel):
    type: HitType
    score: float | None = Field(
        description="Relevance: higher is better, comparable within one response only. "
        "Null when the hits are ordered by date."
    )
    snippet: str = Field(
        description="A short HTML excerpt: matched words in `<mark>`, everything else escaped, "
        "safe to insert into a page as it is.",
        examples=["…accused the Ukrainian government of using “<mark>state terrorism</mark>”…"],
    )
    article: ArticleSummary = Field(description="The article, or the article the quote is in.")
    quote: ArticleQuote | None = Field(description="The quote, for a quote hit.")
