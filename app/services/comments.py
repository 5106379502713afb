"""Reader comments: submission with its protections, the public thread, and moderation."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.db import begin_write
from app.errors import Conflict, Forbidden, InvalidParameter, NotFound, TooManyRequests
from app.models import Article, Comment, CommentStatus, CommentThrottle, IdempotencyRecord
from app.schemas.comment import CommentCreate
from app.services.lookup import MAX_ID, id_or_slug_clause
from app.services.moderation import CommentRules, initial_status
from app.services.pagination import PageRequest, PageResult, SortKey, datetime_key, paginate

THREAD_ORDER = "oldest"
THREAD_KEYS = [datetime_key(Comment.created_at, descending=False), SortKey(Comment.id, False)]
QUEUE_ORDER = "newest"
QUEUE_KEYS = [datetime_key(Comment.created_at, descending=True), SortKey(Comment.id, True)]


@dataclass(frozen=True)
class Client:
    """Who is submitting, as the server saw them."""

    ip: str | None
    user_agent: str | None


@dataclass(frozen=True)
class Answer:
    """An HTTP answer as data, so the first answer to an `Idempotency-Key` can be replayed."""

    status_code: int
    headers: list[tuple[str, str]]
    body: str


@dataclass(frozen=True)
class Idempotency:
    key: str
    request_hash: str
    ttl: timedelta


@dataclass
class CommentNode:
    comment: Comment
    replies: list["CommentNode"] = field(default_factory=list)


def submit_comment(
    session: Session,
    *,
    article_ref: str,
    data: CommentCreate,
    honeypot_filled: bool,
    client: Client,
    rules: CommentRules,
    idempotency: Idempotency | None,
    answer: Callable[[Comment], Answer],
) -> Answer:
    """Store a reader's comment — or refuse it — and return the answer to give.

    Everything happens in one write transaction: the checks see every comment committed before,
    and a comment, its flood-limit stamps and its idempotency record are stored together or not
    at all.
    """
    now = datetime.now(UTC)
    begin_write(session)
    try:
        return _submit(
            session, article_ref, data, honeypot_filled, client, rules, idempotency, answer, now
        )
    except BaseException:
        session.rollback()  # release SQLite's write lock now, not when the session closes
        raise


def _submit(
    session: Session,
    article_ref: str,
    data: CommentCreate,
    honeypot_filled: bool,
    client: Client,
    rules: CommentRules,
    idempotency: Idempotency | None,
    answer: Callable[[Comment], Answer],
    now: datetime,
) -> Answer:
    if idempotency is not None:
        replayed = _replay(session, idempotency, now)
        if replayed is not None:
            return replayed
        # Claimed first, so that a concurrent retry with the same key waits for this one.
        session.add(
            IdempotencyRecord(
                key=idempotency.key,
                request_hash=idempotency.request_hash,
                status_code=0,
                body="",
                created_at=now,
            )
        )
        session.flush()
    try:
        comment = _new_comment(session, article_ref, data, honeypot_filled, client, rules, now)
        session.add(comment)
        session.flush()
    except IntegrityError:
        # Another request stored the same comment (or used the same key) between our checks
        # and our insert; PostgreSQL lets that happen, its unique indexes catch it.
        session.rollback()
        return _after_race(session, data, article_ref, idempotency, now)
    result = answer(comment)
    if idempotency is not None:
        record = session.get(IdempotencyRecord, idempotency.key)
        assert record is not None
        record.status_code = result.status_code
        record.headers = [list(h) for h in result.headers]
        record.body = result.body
    session.commit()
    return result


def _new_comment(
    session: Session,
    article_ref: str,
    data: CommentCreate,
    honeypot_filled: bool,
    client: Client,
    rules: CommentRules,
    now: datetime,
) -> Comment:
    article = _article(session, article_ref)
    if not article.comments_open:
        raise Forbidden("Comments are closed on this article.")
    parent = _parent(session, article, data.parent_id, rules)
    content_hash = _content_hash(article.id, data)
    existing = _live_duplicate(session, content_hash)
    if existing is not None:
        raise Conflict(
            f"This comment was already posted as comment {existing}.",
            existing=f"/comments/{existing}",
        )
    if rules.flood_seconds:
        _stamp_or_refuse(session, [f"ip:{client.ip}"] if client.ip else [], data, rules, now)
    previously_approved = (
        session.exec(
            select(Comment.id)
            .where(Comment.author_email == data.author_email.lower())
            .where(Comment.status == CommentStatus.approved)
            .limit(1)
        ).first()
        is not None
    )
    status = initial_status(
        fields=(
            data.body,
            data.author_name,
            data.author_email,
            data.author_url,
            client.ip,
            client.user_agent,
        ),
        body=data.body,
        previously_approved=previously_approved,
        honeypot_filled=honeypot_filled,
        rules=rules,
    )
    return Comment(
        article_id=article.id,
        parent_id=parent.id if parent else None,
        root_id=(parent.root_id or parent.id) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        status=status,
        body=data.body,
        author_name=data.author_name,
        author_email=data.author_email.lower(),
        author_url=data.author_url,
        author_ip=client.ip,
        user_agent=(client.user_agent or "")[:500] or None,
        content_hash=content_hash,
        created_at=now,
        updated_at=now,
    )


def _article(session: Session, ref: str) -> Article:
    article = session.exec(select(Article).where(id_or_slug_clause(Article, ref))).first()
    if article is None:
        raise NotFound("article", ref)
    return article


def _parent(
    session: Session, article: Article, parent_id: int | None, rules: CommentRules
) -> Comment | None:
    if parent_id is None:
        return None
    parent = session.get(Comment, parent_id)
    if parent is None or parent.article_id != article.id or parent.status != "approved":
        raise InvalidParameter(
            "parent_id", "not a published comment of this article", location="body"
        )
    if parent.depth + 1 >= rules.max_depth:
        raise InvalidParameter(
            "parent_id", f"replies nest at most {rules.max_depth} deep", location="body"
        )
    return parent


def _content_hash(article_id: int | None, data: CommentCreate) -> str:
    """What makes two comments the same one, after WordPress: where, who, and what."""
    identity = [article_id, data.parent_id, data.author_name, data.author_email.lower(), data.body]
    return hashlib.sha256(json.dumps(identity).encode()).hexdigest()


def _live_duplicate(session: Session, content_hash: str) -> int | None:
    return session.exec(
        select(Comment.id)
        .where(Comment.content_hash == content_hash)
        .where(Comment.status != CommentStatus.trash)
    ).first()


def _stamp_or_refuse(
    session: Session, ip_keys: list[str], data: CommentCreate, rules: CommentRules, now: datetime
) -> None:
    """Record this comment's time against its IP address and email, unless either commented
    less than `flood_seconds` ago. Each stamp is one atomic upsert, so concurrent requests
    cannot both slip through, whichever worker serves them."""
    cutoff = now - timedelta(seconds=rules.flood_seconds)
    dialect_insert = (
        postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    )
    for key in [*ip_keys, f"email:{data.author_email.lower()}"]:
        stamp = (
            dialect_insert(CommentThrottle)
            .values(key=key, last_at=now)
            .on_conflict_do_update(
                index_elements=["key"],
                set_={"last_at": now},
                where=CommentThrottle.last_at <= cutoff,
            )
            .returning(CommentThrottle.key)
        )
        if session.execute(stamp).first() is None:
            last = session.get(CommentThrottle, key)
            waited = (now - last.last_at).total_seconds() if last else 0
            retry_after = max(1, int(rules.flood_seconds - waited + 0.999))
            raise TooManyRequests(
                "You are posting comments too quickly; wait a little.", retry_after=retry_after
            )


def _replay(session: Session, idempotency: Idempotency, now: datetime) -> Answer | None:
    session.exec(  # forget expired keys while we hold the write lock anyway
        IdempotencyRecord.__table__.delete().where(  # type: ignore[attr-defined]
            IdempotencyRecord.created_at < now - idempotency.ttl
        )
    )
    record = session.get(IdempotencyRecord, idempotency.key)
    if record is None:
        return None
    if record.request_hash != idempotency.request_hash:
        raise InvalidParameter(
            "Idempotency-Key", "already used for a different request", location="header"
        )
    if record.status_code == 0:  # claimed by a request still running (SQLite never sees this)
        raise Conflict("A request with this Idempotency-Key is still being processed.")
    return Answer(record.status_code, [tuple(h) for h in record.headers], record.body)  # type: ignore[misc]


def _after_race(
    session: Session,
    data: CommentCreate,
    article_ref: str,
    idempotency: Idempotency | None,
    now: datetime,
) -> Answer:
    if idempotency is not None:
        replayed = _replay(session, idempotency, now)
        if replayed is not None:
            return replayed
    article = _article(session, article_ref)
    existing = _live_duplicate(session, _content_hash(article.id, data))
    raise Conflict(
        f"This comment was already posted as comment {existing}.",
        existing=f"/comments/{existing}" if existing else None,
    )


# --- reading -----------------------------------------------------------------------------------


def approved_comment_counts(session: Session, article_ids: list[int]) -> dict[int, int]:
    """Published comments per article, in one grouped query."""
    if not article_ids:
        return {}
    rows = session.exec(
        select(Comment.article_id, func.count(Comment.id))
        .where(Comment.article_id.in_(article_ids))
        .where(Comment.status == CommentStatus.approved)
        .group_by(Comment.article_id)
    ).all()
    return dict(rows)


def comment_thread(
    session: Session, *, article_ref: str, page: PageRequest
) -> PageResult[CommentNode]:
    """One page of an article's published top comments, oldest first, each with its published
    replies nested below it (a reply whose parent is not published is not shown)."""
    article = _article(session, article_ref)
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


def get_published_comment(session: Session, *, comment_id: int) -> Comment:
    """A published comment; anything else is as unknown as a comment that never existed."""
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
        stmt = stmt.where(Comment.article_id == _article(session, article_ref).id)
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
    begin_write(session)
    comment = get_comment(session, comment_id=comment_id)
    if body is not None and body != comment.body:
        comment.body = body
        comment.content_hash = _content_hash(
            comment.article_id,
            CommentCreate.model_construct(
                body=body,
                author_name=comment.author_name,
                author_email=comment.author_email,
                parent_id=comment.parent_id,
            ),
        )
    if status is not None:
        comment.status = status
    comment.updated_at = datetime.now(UTC)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Conflict(
            "Another comment outside the trash has the same author and text; "
            "trash or edit one of them first."
        ) from None
    session.refresh(comment)
    return comment


def delete_comment(session: Session, *, comment_id: int) -> None:
    """Delete a comment for good, and its replies with it."""
    begin_write(session)
    session.delete(get_comment(session, comment_id=comment_id))
    session.commit()
