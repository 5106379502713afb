"""When articles were last stored or anything public was deleted (`services.freshness`)."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.types import UTCDateTime


class ContentClock(SQLModel, table=True):
    """A single row (id 1). Storing articles moves it (rare writes); database triggers move it
    when an article or a comment is deleted. Comments, the frequent writes, keep their own
    `updated_at` instead, so they never contend for this row."""

    __tablename__ = "content_clock"

    id: int = Field(primary_key=True)
    changed_at: datetime = Field(sa_type=UTCDateTime)
