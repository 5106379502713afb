"""Quote schemas."""

from pydantic import BaseModel, Field

from app.schemas.refs import ArticleRef, SpeakerRef


class ArticleQuote(BaseModel):
    """A quote as it stands inside its article: `paragraphs[paragraph][start:end] == text`."""

    id: int
    text: str = Field(examples=["frank"])
    paragraph: int = Field(description="Index into the article's `paragraphs`.", examples=[0])
    start: int = Field(description="Offset of the first character, in code points.")
    end: int = Field(description="Offset one past the last character, in code points.")
    cue: str | None = Field(description="The attribution verb, e.g. said, tweeted, warned.")
    speaker: SpeakerRef | None = Field(
        description="Who said it; the first of `speakers`. Null for an unattributed quote."
    )
    speakers: list[SpeakerRef] = Field(
        description="Everyone the quote is attributed to: several for a joint statement."
    )


class QuotePublic(ArticleQuote):
    """A quote on its own, with the article it comes from."""

    article: ArticleRef
