"""Reader comments, and the state that protects them from floods and retries."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, String, Text, text
from sqlmodel import Field, SQLModel

from app.models.types import JSONList, UTCDateTime

USER_AGENT_LENGTH = 500


class CommentStatus(StrEnum):
    approved = "approved"  # public
    pending = "pending"  # held for moderation
    spam = "spam"
    trash = "trash"


class Comment(SQLModel, table=True):
    __table_args__ = (
        # The public thread: an article's approved comments, oldest first.
        Index("ix_comment_article_status", "article_id", "status", "created_at", "id"),
        Index("ix_comment_root", "root_id", "status"),
        Index("ix_comment_status_created", "status", "created_at", "id"),  # moderation queue
        Index("ix_comment_email", "author_email", "status"),  # "previously approved?"
        # One comment per content outside the trash: ten identical POSTs at once store one.
        Index(
            "ux_comment_content",
            "content_hash",
            unique=True,
            sqlite_where=text("status <> 'trash'"),
            postgresql_where=text("status <> 'trash'"),
        ),
        # Ids are never reused, on SQLite too (migration 0004): a deleted comment's link
        # must never show another comment.
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE")
    parent_id: int | None = Field(default=None, foreign_key="comment.id", ondelete="CASCADE")
    root_id: int | None = Field(default=None)  # the thread's top comment; None for a top comment
    depth: int = Field(default=0, ge=0)
    status: CommentStatus = Field(sa_type=String(20))
    body: str = Field(sa_type=Text)
    author_name: str = Field(sa_type=String(245))
    author_email: str = Field(sa_type=String(100))
    author_url: str | None = Field(default=None, sa_type=String(200))
    author_ip: str | None = Field(default=None, sa_type=String(45))
    user_agent: str | None = Field(default=None, sa_type=String(USER_AGENT_LENGTH))
    content_hash: str = Field(sa_type=String(64))
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class CommentThrottle(SQLModel, table=True):
    """When each IP address and email last commented: the flood limit, shared by all workers."""

    __tablename__ = "comment_throttle"

    key: str = Field(primary_key=True, sa_type=String(200))  # "ip:…" or "email:…"
    last_at: datetime = Field(sa_type=UTCDateTime)


class IdempotencyRecord(SQLModel, table=True):
    """The first answer to a request made with an `Idempotency-Key`, replayed to retries."""

    __tablename__ = "idempotency_record"

    key: str = Field(primary_key=True, sa_type=String(255))
    request_hash: str = Field(sa_type=String(64))
    status_code: int
    headers: list[list[str]] = Field(default_factory=list, sa_type=JSONList)
    body: str = Field(sa_type=Text)
    created_at: datetime = Field(sa_type=UTCDateTime, index=True)
