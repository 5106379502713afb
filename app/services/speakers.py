"""Reading speakers."""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import func
from sqlmodel import Session, select

from app.errors import NotFound
from app.models import Quote, QuoteSpeaker, Speaker
from app.services.filters import QuoteFilters
from app.services.lookup import id_or_slug_clause
from app.services.pagination import PageRequest, PageResult, SortKey, paginate, text_key
from app.services.quotes import list_quotes

SPEAKER_ORDER = "name"
SPEAKER_KEYS = [text_key(Speaker.name, descending=False), SortKey(Speaker.id, False)]


@dataclass(frozen=True)
class SpeakerStats:
    speaker: Speaker
    quote_count: int
    recent_quotes: list[Quote] = field(default_factory=list)


def list_speakers(session: Session, *, page: PageRequest) -> PageResult[SpeakerStats]:
    """One page of speakers, alphabetically, with their quote counts."""
    result = paginate(session, select(Speaker), keys=SPEAKER_KEYS, request=page)
    counts = _quote_counts(session, [s.id for s in result.items])
    return replace(result, items=[SpeakerStats(s, counts.get(s.id, 0)) for s in result.items])


def _quote_counts(session: Session, speaker_ids: Sequence[int]) -> dict[int, int]:
    """How many quotes each speaker has, in one grouped query."""
    if not speaker_ids:
        return {}
    rows = session.exec(
        select(QuoteSpeaker.speaker_id, func.count(QuoteSpeaker.quote_id))
        .where(QuoteSpeaker.speaker_id.in_(speaker_ids))
        .group_by(QuoteSpeaker.speaker_id)
    ).all()
    return {speaker_id: count for speaker_id, count in rows}


def get_speaker(session: Session, *, ref: str, quotes_limit: int) -> SpeakerStats:
    """A speaker with their most recent quotes across all articles."""
    speaker = session.exec(select(Speaker).where(id_or_slug_clause(Speaker, ref))).first()
    if speaker is None:
        raise NotFound("speaker", ref)
    recent = list_quotes(
        session,
        filters=QuoteFilters(speaker=speaker.slug),
        page=PageRequest(per_page=quotes_limit, page=1),
    )
    return SpeakerStats(speaker=speaker, quote_count=recent.total, recent_quotes=recent.items)
