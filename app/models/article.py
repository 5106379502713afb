"""Article tables: the article itself, its tags, and the speakers it names."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Index, Text
from sqlmodel import Field, Relationship, SQLModel

from app.models.types import JSONList, UTCDateTime

if TYPE_CHECKING:
    from app.models.quote import Quote
    from app.models.speaker import Speaker


class Article(SQLModel, table=True):
    __table_args__ = (
        # List pages sort by (published_at, id), optionally within one section.
        Index("ix_article_published", "published_at", "id"),
        Index("ix_article_section_published", "section", "published_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=200, unique=True)
    title: str = Field(max_length=500)
    site: str | None = Field(default=None, max_length=200)
    section: str | None = Field(default=None, max_length=100)
    standfirst: str | None = Field(default=None, sa_type=Text)
    published_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    comments_open: bool = True
    canonical_url: str | None = Field(default=None, max_length=2000)
    # Last on purpose: SQLite reads a row's columns in order, and the body spills onto overflow
    # pages; columns after it would cost a walk through them on every list, filter and sort.
    paragraphs: list[str] = Field(sa_type=JSONList)

    tags: list["ArticleTag"] = Relationship(
        cascade_delete=True, sa_relationship_kwargs={"order_by": "ArticleTag.tag"}
    )
    quotes: list["Quote"] = Relationship(
        back_populates="article",
        cascade_delete=True,
        sa_relationship_kwargs={"order_by": "(Quote.paragraph, Quote.start)"},
    )
    speaker_links: list["ArticleSpeaker"] = Relationship(
        cascade_delete=True, sa_relationship_kwargs={"order_by": "ArticleSpeaker.position"}
    )


class ArticleTag(SQLModel, table=True):
    __tablename__ = "article_tag"
    __table_args__ = (Index("ix_article_tag_tag", "tag", "article_id"),)

    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE", primary_key=True)
    tag: str = Field(max_length=100, primary_key=True)


class ArticleSpeaker(SQLModel, table=True):
    """A speaker the article names, quoted or not, in order of first mention."""

    __tablename__ = "article_speaker"
    __table_args__ = (Index("ix_article_speaker_speaker", "speaker_id", "article_id"),)

    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE", primary_key=True)
    speaker_id: int = Field(foreign_key="speaker.id", ondelete="CASCADE", primary_key=True)
    position: int = Field(default=0, ge=0)

    speaker: "Speaker" = Relationship()
