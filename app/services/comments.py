"""Reading comments — the published thread, counts — and moderating them."""

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.db import writing
from app.errors import Conflict, NotFound
from app.models import Article, Comment, CommentStatus
from app.services.lookup import MAX_ID, id_or_slug_clause
from app.services.pagination import PageRequest, PageResult, SortKey, datetime_key, paginate

THREAD_ORDER = "oldest"
THREAD_KEYS = [datetime_key(Comment.created_at, descending=False), SortKey(Comment.id, False)]
QUEUE_ORDER = "newest"
QUEUE_KEYS = [datetime_key(Comment.created_at, descending=True), SortKey(Comment.id, True)]


@dataclass
class CommentNode:
    comment: Comment
    replies: list["CommentNode"] = field(default_factory=list)


def find_article(session: Session, ref: str) -> Article:
    article = session.exec(select(Article).where(id_or_slug_clause(Article, ref))).first()
    if article is None:
        raise NotFound("article", ref)
    return article


def content_hash(
    article_id: int | None, parent_id: int | None, name: str, email: str, body: str
) -> str:
    """What makes two comments the same one, after WordPress: where, who, and what."""
    identity = [article_id, parent_id, name, email.lower(), body]
    return hashlib.sha256(json.dumps(identity).encode()).hexdigest()


# --- reading -----------------------------------------------------------------------------------


def comment_thread(
    session: Session, *, article_ref: str, page: PageRequest
) -> PageResult[CommentNode]:
    """One page of an article's published top comments, oldest first, each with its published
    replies nested below it (a reply whose parent is not published is not shown)."""
    article = find_article(session, article_ref)
    roots = paginate(
        session,
        select(Comment)
        .where(Comment.article_id == article.id)
        .where(Comment.status == CommentStatus.approved)
        .where(Comment.parent_id.is_(None)),
        keys=THREAD_KEYS,
        request=page,
    )
    nodes = {c.id: CommentNode(c) for c in roots.items}
    if nodes:
        replies = session.exec(
            select(Comment)
            .where(Comment.root_id.in_(list(nodes)))
            .where(Comment.status == CommentStatus.approved)
            .order_by(Comment.depth, Comment.created_at, Comment.id)
        ).all()
        for reply in replies:  # by depth: a parent is always placed before its replies
            parent = nodes.get(reply.parent_id)
            if parent is not None:
                nodes[reply.id] = CommentNode(reply)
                parent.replies.append(nodes[reply.id])
    return replace(roots, items=[nodes[c.id] for c in roots.items])


def get_approved_comment(session: Session, *, comment_id: int) -> Comment:
    """An approved (published) comment; any other is as unknown as one that never existed."""
    comment = session.get(Comment, comment_id) if comment_id <= MAX_ID else None
    if comment is None or comment.status != CommentStatus.approved:
        raise NotFound("comment", comment_id)
    return comment


# --- moderation --------------------------------------------------------------------------------


def moderation_queue(
    session: Session, *, status: CommentStatus | None, article_ref: str | None, page: PageRequest
) -> PageResult[Comment]:
    """Comments of any status, newest first."""
    stmt = select(Comment)
    if status is not None:
        stmt = stmt.where(Comment.status == status)
    if article_ref is not None:
        stmt = stmt.where(Comment.article_id == find_article(session, article_ref).id)
    return paginate(session, stmt, keys=QUEUE_KEYS, request=page)


def get_comment(session: Session, *, comment_id: int) -> Comment:
    comment = session.get(Comment, comment_id) if comment_id <= MAX_ID else None
    if comment is None:
        raise NotFound("comment", comment_id)
    return comment


def moderate(
    session: Session, *, comment_id: int, status: CommentStatus | None, body: str | None
) -> Comment:
    """Approve, hold, mark as spam, trash or restore a comment, and/or correct its body."""
    try:
        with writing(session):
            comment = get_comment(session, comment_id=comment_id)
            if body is not None and body != comment.body:
                comment.body = body
                comment.content_hash = content_hash(
                    comment.article_id,
                    comment.parent_id,
                    comment.author_name,
                    comment.author_email,
                    body,
                )
            if status is not None:
                comment.status = status
            comment.updated_at = datetime.now(UTC)
    except IntegrityError:
        raise Conflict(
            "Another comment outside the trash has the same author and text; "
            "trash or edit one of them first."
        ) from None
    session.refresh(comment)
    return comment


def delete_comment(session: Session, *, comment_id: int) -> None:
    """Delete a comment for good, and its replies with it."""
    with writing(session):
        session.delete(get_comment(session, comment_id=comment_id))
