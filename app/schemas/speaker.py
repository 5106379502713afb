"""Speaker schemas."""

from pydantic import BaseModel, Field

from app.models import SpeakerKind
from app.schemas.quote import QuotePublic


class SpeakerSummary(BaseModel):
    id: int
    slug: str = Field(examples=["antony-blinken"])
    name: str = Field(examples=["Antony Blinken"])
    kind: SpeakerKind
    role: str | None = Field(examples=["US Secretary of State"])
    organisation: str | None
    country: str | None
    aliases: list[str] = Field(
        description="Other names the articles use for this speaker.",
        examples=[["Blinken", "Mr Blinken"]],
    )
    quote_count: int = Field(description="Quotes attributed to this speaker, in all articles.")


class SpeakerPublic(SpeakerSummary):
    quotes: list[QuotePublic] = Field(
        description="The speaker's most recent quotes across all articles, newest first "
        "(at most `quotes_limit`; `/quotes?speaker=…` pages through them all)."
    )
    quotes_limit: int
