"""Database tables. Importing this package registers every table on `SQLModel.metadata`."""

from app.models.article import Article, ArticleSpeaker, ArticleTag
from app.models.quote import Quote, QuoteSpeaker
from app.models.speaker import Speaker, SpeakerKind

__all__ = [
    "Article",
    "ArticleSpeaker",
    "ArticleTag",
    "Quote",
    "QuoteSpeaker",
    "Speaker",
    "SpeakerKind",
]
