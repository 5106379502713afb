"""An article with its speakers and quotes, as one document: the seed file format, and what
ingestion will produce. Validation here guarantees every quote points at its exact text."""

from datetime import datetime
from typing import Annotated, Self

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from app.models import SpeakerKind
from app.schemas.comment import HTTP_URL_PATTERN, http_url

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, Field(min_length=1, max_length=200, pattern=SLUG_PATTERN)]
# Sections and tags are slugs too, so that `?section=` and `?tag=` can name them exactly.
ShortSlug = Annotated[str, Field(min_length=1, max_length=100, pattern=SLUG_PATTERN)]


# What `/articles/{id_or_slug}` and `/speakers/{id_or_slug}` can tell from an id.
# `/articles/{id_or_slug}` reads an all-digit reference as an id, so a slug needs a letter;
# said in the pattern itself, so that the OpenAPI document tells clients too.
REFERABLE_SLUG_PATTERN = r"^(?:[a-z0-9]+-)*[a-z0-9]*[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"
ReferableSlug = Annotated[str, Field(min_length=1, max_length=200, pattern=REFERABLE_SLUG_PATTERN)]


class ArticleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slug: ReferableSlug
    title: str = Field(min_length=1, max_length=500)
    site: str | None = Field(default=None, max_length=200)
    section: ShortSlug | None = None
    standfirst: str | None = None
    published_at: AwareDatetime
    updated_at: AwareDatetime | None = None
    tags: list[ShortSlug] = []
    comments_open: bool = True
    canonical_url: Annotated[str | None, AfterValidator(http_url)] = Field(
        default=None, max_length=2000, pattern=HTTP_URL_PATTERN
    )
    paragraphs: list[str] = Field(min_length=1)

    @property
    def last_modified(self) -> datetime:
        return self.updated_at or self.published_at


class SpeakerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slug: ReferableSlug
    name: str = Field(min_length=1, max_length=200)
    kind: SpeakerKind = SpeakerKind.person
    role: str | None = Field(default=None, max_length=300)
    organisation: str | None = Field(default=None, max_length=300)
    country: str | None = Field(default=None, max_length=100)
    aliases: list[str] = []


class QuoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    paragraph: int = Field(ge=0)
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    cue: str | None = Field(default=None, max_length=100)
    speakers: list[Slug] = Field(default=[], description="Slugs of the speakers, in order.")


class ArticleBundle(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article: ArticleIn
    speakers: list[SpeakerIn] = Field(
        default=[], description="Everyone the article names, in order of first mention."
    )
    quotes: list[QuoteIn] = []

    @model_validator(mode="after")
    def _quotes_match_the_text(self) -> Self:
        known = {s.slug for s in self.speakers}
        if len(known) != len(self.speakers):
            raise ValueError("speakers: duplicate slug")
        paragraphs = self.article.paragraphs
        seen: set[tuple[int, int]] = set()
        for i, quote in enumerate(self.quotes):
            where = f"quotes[{i}]"
            if quote.paragraph >= len(paragraphs):
                raise ValueError(f"{where}: paragraph {quote.paragraph} does not exist")
            if paragraphs[quote.paragraph][quote.start : quote.end] != quote.text:
                raise ValueError(f"{where}: text is not at paragraph[start:end]")
            if (quote.paragraph, quote.start) in seen:
                raise ValueError(f"{where}: another quote starts at the same place")
            seen.add((quote.paragraph, quote.start))
            if unknown := set(quote.speakers) - known:
                raise ValueError(f"{where}: unknown speakers {sorted(unknown)}")
        return self
