"""When public content last disappeared: the one change no row's `updated_at` can show."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.types import UTCDateTime


class ContentClock(SQLModel, table=True):
    """A single row (id 1), moved by database triggers whenever an article or a comment is
    deleted. Insertions and edits move `updated_at` on their own rows instead, so ordinary
    writes never contend for this row."""

    __tablename__ = "content_clock"

    id: int = Field(primary_key=True)
    changed_at: datetime = Field(sa_type=UTCDateTime)
