"""Database tables. Importing this package registers every table on `SQLModel.metadata`."""

from app.models.article import Article, ArticleSpeaker, ArticleTag
from app.models.clock import ContentClock
from app.models.comment import Comment, CommentStatus, CommentThrottle, IdempotencyRecord
from app.models.quote import Quote, QuoteSpeaker
from app.models.speaker import Speaker, SpeakerKind

__all__ = [
    "Article",
    "ArticleSpeaker",
    "ArticleTag",
    "Comment",
    "CommentStatus",
    "CommentThrottle",
    "ContentClock",
    "IdempotencyRecord",
    "Quote",
    "QuoteSpeaker",
    "Speaker",
    "SpeakerKind",
]
