"""When the public content last changed: the Last-Modified of every public read."""

from datetime import UTC, datetime

from sqlalchemy import func, update
from sqlmodel import Session, select

from app.models import Comment, ContentClock


def last_change(session: Session) -> datetime | None:
    """The latest of: a comment posted or moderated (its `updated_at` is when that happened),
    and the clock, which storing articles moves (`touch`) and deleting articles or comments
    moves (database triggers). An article's own dates are editorial — a story may be dated
    in the future or the past — so they say nothing about when the data changed.

    One moment for the whole site is coarse but never too early: a response can only have
    changed if this moved. Strong ETags tell each resource's changes apart.
    """
    moments = session.exec(
        select(
            select(func.max(Comment.updated_at)).scalar_subquery(),
            select(ContentClock.changed_at).where(ContentClock.id == 1).scalar_subquery(),
        )
    ).one()
    found = [m for m in moments if m is not None]
    return max(found) if found else None


def touch(session: Session) -> None:
    """Move the clock: articles, quotes or speakers were stored. Part of the caller's
    transaction; ingestion and seeding are rare writes, so nothing contends for the row."""
    session.exec(
        update(ContentClock).where(ContentClock.id == 1).values(changed_at=datetime.now(UTC))
    )
