"""Speaker schemas."""

from pydantic import BaseModel, Field

from app.models import SpeakerKind
from app.schemas.quote import QuotePublic
from app.services.speakers import SpeakerStats


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

    @classmethod
    def from_stats(cls, stats: SpeakerStats) -> "SpeakerSummary":
        return cls(**_speaker_fields(stats))


class SpeakerPublic(SpeakerSummary):
    quotes: list[QuotePublic] = Field(
        description="The speaker's most recent quotes across all articles, newest first "
        "(at most `quotes_limit`; `/quotes?speaker=…` pages through them all)."
    )
    quotes_limit: int

    @classmethod
    def from_stats(cls, stats: SpeakerStats, *, quotes_limit: int) -> "SpeakerPublic":
        return cls(
            **_speaker_fields(stats),
            quotes=[QuotePublic.from_table(q) for q in stats.recent_quotes],
            quotes_limit=quotes_limit,
        )


def _speaker_fields(stats: SpeakerStats) -> dict[str, object]:
    fields = set(SpeakerSummary.model_fields) - {"quote_count"}
    return {
        **{name: getattr(stats.speaker, name) for name in fields},
        "quote_count": stats.quote_count,
    }
