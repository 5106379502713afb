"""When the public content last changed: the Last-Modified of every public read."""

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import Article, Comment, ContentClock


def last_change(session: Session) -> datetime | None:
    """The latest of: an article stored or updated, a comment posted or moderated, an article
    or a comment deleted. Three index lookups in one statement.

    One moment for the whole site is coarse but never wrong: a response can only have changed
    if this moved. Strong ETags tell each resource's changes apart.
    """
    moments = session.exec(
        select(
            select(func.max(Article.updated_at)).scalar_subquery(),
            select(func.max(Comment.updated_at)).scalar_subquery(),
            select(ContentClock.changed_at).where(ContentClock.id == 1).scalar_subquery(),
        )
    ).one()
    found = [m for m in moments if m is not None]
    return max(found) if found else None
