"""Reading speakers."""

from dataclasses import replace

from sqlalchemy import bindparam, func, select
from sqlmodel import Session

from app.errors import NotFound
from app.models import Speaker
from app.services.filters import QuoteFilters
from app.services.lookup import id_or_slug_clause
from app.services.pagination import PageRequest, PageResult, SortKey, paginate, text_key
from app.services.quotes import list_quotes
from app.services.records import QUOTE_SPEAKER, SPEAKER, Record, by_id, rows

SPEAKER_ORDER = "name"
SPEAKER_KEYS = [text_key(Speaker.name, descending=False), SortKey(Speaker.id, False)]

_QUOTE_COUNTS = (  # how many quotes each speaker has, in one grouped query
    select(QUOTE_SPEAKER.c.speaker_id, func.count())
    .where(QUOTE_SPEAKER.c.speaker_id.in_(bindparam("ids", expanding=True)))
    .group_by(QUOTE_SPEAKER.c.speaker_id)
)


def list_speakers(session: Session, *, page: PageRequest) -> PageResult[Record]:
    """One page of speakers (`SpeakerSummary` records), alphabetically, with quote counts."""
    result = paginate(session, select(SPEAKER), keys=SPEAKER_KEYS, request=page)
    speakers = [dict(r._mapping) for r in result.items]
    counts = by_id(session, _QUOTE_COUNTS, [s["id"] for s in speakers])
    for speaker in speakers:
        speaker["quote_count"] = counts.get(speaker["id"], 0)
    return replace(result, items=speakers)


def get_speaker(session: Session, *, ref: str, quotes_limit: int) -> Record:
    """A speaker (a `SpeakerPublic` record) with their most recent quotes across all articles."""
    found = rows(session, select(SPEAKER).where(id_or_slug_clause(SPEAKER.c, ref)), {})
    if not found:
        raise NotFound("speaker", ref)
    speaker = found[0]
    recent = list_quotes(
        session,
        filters=QuoteFilters(speaker=speaker["slug"]),
        page=PageRequest(per_page=quotes_limit, page=1),
    )
    return {
        **speaker,
        "quote_count": recent.total,
        "quotes": recent.items,
        "quotes_limit": quotes_limit,
    }
