"""Quotes: exact spans of an article's paragraphs, and who said them."""

from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

if TYPE_CHECKING:
    from app.models.article import Article
    from app.models.speaker import Speaker


class Quote(SQLModel, table=True):
    """`article.paragraphs[paragraph][start:end] == text` (offsets in Unicode code points)."""

    __table_args__ = (
        # Two quotes cannot start at the same place; this is also the key the seed loader syncs
        # on, and (being led by article_id) the index for an article's quotes.
        UniqueConstraint("article_id", "paragraph", "start", name="uq_quote_position"),
        CheckConstraint('paragraph >= 0 AND start >= 0 AND "end" > start', name="quote_span"),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE")
    text: str = Field(sa_type=Text)
    paragraph: int
    start: int
    end: int
    cue: str | None = Field(default=None, max_length=100)

    article: "Article" = Relationship(back_populates="quotes")
    speaker_links: list["QuoteSpeaker"] = Relationship(
        cascade_delete=True, sa_relationship_kwargs={"order_by": "QuoteSpeaker.position"}
    )


class QuoteSpeaker(SQLModel, table=True):
    """Who said a quote. Usually one row; a joint statement has several; unattributed, none."""

    __tablename__ = "quote_speaker"
    __table_args__ = (Index("ix_quote_speaker_speaker", "speaker_id", "quote_id"),)

    quote_id: int = Field(foreign_key="quote.id", ondelete="CASCADE", primary_key=True)
    speaker_id: int = Field(foreign_key="speaker.id", ondelete="CASCADE", primary_key=True)
    position: int = Field(default=0, ge=0)

    speaker: "Speaker" = Relationship()
