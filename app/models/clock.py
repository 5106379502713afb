"""The version and time of the last change to public content (`app.services.freshness`)."""

from datetime import datetime

from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel

from app.models.types import UTCDateTime


class ContentClock(SQLModel, table=True):
    """A single row (id 1), moved by database triggers (migration 0005) in the same transaction
    as every write to articles, quotes, speakers, their links, and approved comments."""

    __tablename__ = "content_clock"

    id: int = Field(primary_key=True)
    changed_at: datetime = Field(sa_type=UTCDateTime)
    version: int = Field(default=0, sa_type=BigInteger)
