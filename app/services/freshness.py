"""When, and in which version, the public content last changed: the key of cached responses
and the Last-Modified of every public read."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from app.models import ContentClock

_READ = select(ContentClock.version, ContentClock.changed_at).where(ContentClock.id == 1)


@dataclass(frozen=True)
class Clock:
    """`version` grows with every committed change a reader could see, in commit order;
    `changed_at` is when the latest happened (storage time, never an article's own dates)."""

    version: int
    changed_at: datetime


def read_clock(connection: Connection) -> Clock | None:
    """The clock as this connection sees it; None before any content was ever stored."""
    row = connection.execute(_READ).first()
    return Clock(row.version, row.changed_at) if row else None
