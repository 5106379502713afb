"""What ingestion reads and what the extractor answers, as the API and `newsdesk extract` show
them."""

from datetime import datetime
from typing import Annotated, Self

from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field

from app.extract import Extraction
from app.schemas.bundle import ReferableSlug, ShortSlug
from app.schemas.comment import HTTP_URL_PATTERN, http_url

_YEARS = range(1800, 3000)
# A headline, a blank line, then something, and no NUL: what an article text needs at least.
ARTICLE_TEXT_PATTERN = (
    r"^[^\x00]*?[^\s\x00\u200b][^\x00]*?\n[ \t]*\n[^\x00]*?[^\s\x00\u200b][^\x00]*$"
)


def _plausible(moment: datetime) -> datetime:
    # Far-off years overflow when converted to UTC or stored; no news is dated there.
    if moment.year not in _YEARS:
        raise ValueError(f"must be between the years {_YEARS.start} and {_YEARS.stop - 1}")
    return moment


def _text_only(value: object) -> object:
    # An ISO 8601 string, as documented: not a number that pydantic would read as a timestamp.
    if isinstance(value, int | float):
        raise ValueError("must be an ISO 8601 date-time string")
    return value


def _no_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError("must not contain NUL characters")
    return text


class ExtractedSpeakerPublic(BaseModel):
    name: str = Field(examples=["Antony Blinken"])
    role: str | None = Field(
        description="As the text gives it.", examples=["US Secretary of State"]
    )
    kind: str = Field(description="`person` or `organisation`.", examples=["person"])


class ExtractedQuotePublic(BaseModel):
    text: str = Field(description="Exactly `paragraphs[paragraph][start:end]`.", examples=["frank"])
    speaker: str | None = Field(description="The first of `speakers`; null if unattributed.")
    speakers: list[str] = Field(description="Names of everyone the quote is attributed to.")
    paragraph: int
    start: int = Field(description="Offset of the first character, in code points.")
    end: int = Field(description="Offset one past the last character, in code points.")
    cue: str | None = Field(description="The attribution verb or phrase.", examples=["said"])


class ExtractionPublic(BaseModel):
    """An article extracted from raw text: nothing stored."""

    title: str
    site: str | None = Field(description="A site or section suffix split off the headline.")
    paragraphs: list[str]
    speakers: list[ExtractedSpeakerPublic] = Field(
        description="The speakers of its quotes and the people it introduces by title."
    )
    quotes: list[ExtractedQuotePublic]

    @classmethod
    def from_extraction(cls, extraction: Extraction) -> Self:
        # The extractor's dataclasses carry the same names (`speaker` is a property).
        return cls.model_validate(extraction, from_attributes=True)


class ArticleMeta(BaseModel):
    """What raw text does not say about an article: the newsroom supplies it, or defaults apply."""

    model_config = ConfigDict(extra="forbid")

    slug: ReferableSlug | None = Field(default=None, description="Default: from the headline.")
    section: ShortSlug | None = None
    tags: list[ShortSlug] = []
    published_at: (
        Annotated[AwareDatetime, BeforeValidator(_text_only), AfterValidator(_plausible)] | None
    ) = Field(
        default=None,
        description="Default: now. A year from 1800 to 2999.",
        json_schema_extra={"pattern": r"^(?:1[89]|2[0-9])[0-9]{2}-"},
    )
    canonical_url: Annotated[str | None, AfterValidator(http_url)] = Field(
        default=None, max_length=2000, pattern=HTTP_URL_PATTERN
    )
    comments_open: bool = True


class ArticleText(ArticleMeta):
    """`POST /admin/articles` as JSON: the raw text with its metadata."""

    text: Annotated[str, AfterValidator(_no_nul)] = Field(
        min_length=1,
        pattern=ARTICLE_TEXT_PATTERN,
        description="Headline on the first line, a blank line, then paragraphs separated by "
        "blank lines.",
        examples=["Talks end without a deal\n\n“We made progress,” Ms Okafor said."],
    )
