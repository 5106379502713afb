"""Records: what the public read endpoints send, loaded with SQL Core into plain dicts.

A record has the fields and nesting of its public schema (`app.schemas`), which validates it
as it is. Reads go through Core, not the ORM: the profile of an article detail showed the
ORM's loading (identity map, selectin chains, instrumented objects) taking more than half the
time of a request whose seven queries together took 0.2 ms. A page loads in a fixed number of
queries: its rows, then what they embed, each kind in one query keyed on the page's ids.

The statements are built once, with their values as bind parameters: building a statement
costs more than SQLite takes to run one of these.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlmodel import Session

from app.models import (
    Article,
    ArticleSpeaker,
    ArticleTag,
    Comment,
    CommentStatus,
    Quote,
    QuoteSpeaker,
    Speaker,
)

Record = dict[str, Any]

ARTICLE = Article.__table__
TAG = ArticleTag.__table__
ARTICLE_SPEAKER = ArticleSpeaker.__table__
QUOTE = Quote.__table__
QUOTE_SPEAKER = QuoteSpeaker.__table__
SPEAKER = Speaker.__table__
COMMENT = Comment.__table__

# An article without its body: what lists, search hits and quotes' articles show.
SUMMARY_COLUMNS = [c for c in ARTICLE.c if c.key != "paragraphs"]
QUOTE_COLUMNS = [
    QUOTE.c[k] for k in ("id", "article_id", "text", "paragraph", "start", "end", "cue")
]
SPEAKER_REF_COLUMNS = [SPEAKER.c[k] for k in ("id", "slug", "name", "role")]

_ids = bindparam("ids", expanding=True)
_TAGS = (
    select(TAG.c.article_id, TAG.c.tag)
    .where(TAG.c.article_id.in_(_ids))
    .order_by(TAG.c.article_id, TAG.c.tag)
)
_COMMENT_COUNTS = (
    select(COMMENT.c.article_id, func.count())
    .where(COMMENT.c.article_id.in_(_ids), COMMENT.c.status == CommentStatus.approved)
    .group_by(COMMENT.c.article_id)
)
_QUOTE_SPEAKERS = (
    select(QUOTE_SPEAKER.c.quote_id, *SPEAKER_REF_COLUMNS)
    .join_from(QUOTE_SPEAKER, SPEAKER)
    .where(QUOTE_SPEAKER.c.quote_id.in_(_ids))
    .order_by(QUOTE_SPEAKER.c.quote_id, QUOTE_SPEAKER.c.position)
)
_SUMMARIES = select(*SUMMARY_COLUMNS).where(ARTICLE.c.id.in_(_ids))


def rows(session: Session, stmt: Any, params: Mapping[str, Any]) -> list[Record]:
    """The rows of a Core statement, as dicts."""
    result = session.connection().execute(stmt, params)
    return [dict(row) for row in result.mappings()]


def by_id(session: Session, stmt: Any, ids: Sequence[int]) -> dict[int, Any]:
    """`stmt`'s two columns, an id and its value, for `ids` (a bind parameter), as a dict."""
    return dict(session.connection().execute(stmt, {"ids": list(ids)}).all()) if ids else {}


def _grouped(session: Session, stmt: Any, ids: Sequence[int]) -> dict[int, list[Record]]:
    """The rows of `stmt` (first column: the id it belongs to) for `ids`, by that id."""
    groups: dict[int, list[Record]] = defaultdict(list)
    if ids:
        for row in rows(session, stmt, {"ids": list(ids)}):
            owner = row.pop(next(iter(row)))
            groups[owner].append(row)
    return groups


def summaries(session: Session, articles: Sequence[Record]) -> list[Record]:
    """Article rows (`SUMMARY_COLUMNS`) with their tags and published comment counts."""
    ids = [a["id"] for a in articles]
    tags = _grouped(session, _TAGS, ids)
    counts = by_id(session, _COMMENT_COUNTS, ids)
    for article in articles:
        article["tags"] = [t["tag"] for t in tags.get(article["id"], ())]
        article["comment_count"] = counts.get(article["id"], 0)
    return articles


def summaries_by_id(session: Session, ids: Sequence[int]) -> dict[int, Record]:
    """The summaries of the articles with these ids (missing ones are left out)."""
    found = rows(session, _SUMMARIES, {"ids": sorted(set(ids))}) if ids else []
    return {a["id"]: a for a in summaries(session, found)}


def with_speakers(session: Session, quotes: Sequence[Record]) -> list[Record]:
    """Quote rows (`QUOTE_COLUMNS`) with who said each: `speakers`, and the first as `speaker`."""
    said_by = _grouped(session, _QUOTE_SPEAKERS, [q["id"] for q in quotes])
    for quote in quotes:
        speakers = said_by.get(quote["id"], [])
        quote["speakers"] = speakers
        quote["speaker"] = speakers[0] if speakers else None
    return quotes
