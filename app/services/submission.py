"""Submitting a comment, with everything that protects the form: duplicates, floods, spam
rules and retried requests."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.db import writing
from app.errors import Conflict, Forbidden, InvalidParameter, TooManyRequests
from app.models import Article, Comment, CommentStatus, CommentThrottle, IdempotencyRecord
from app.models.comment import USER_AGENT_LENGTH
from app.schemas.comment import CommentCreate
from app.services.comments import content_hash, find_article
from app.services.moderation import CommentRules, initial_status


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
    request_hash: str  # of the method, path and body: a key names one request
    ttl: timedelta


@dataclass(frozen=True)
class Submission:
    """One reader's attempt to comment, as it arrived."""

    article_ref: str
    data: CommentCreate
    honeypot_filled: bool
    client: Client
    idempotency: Idempotency | None = None


def submit_comment(
    session: Session,
    submission: Submission,
    *,
    rules: CommentRules,
    answer: Callable[[Comment], Answer],
) -> Answer:
    """Store a reader's comment — or refuse it — and return the answer to give.

    Everything happens in one write transaction: the checks see every comment committed before,
    and a comment, its flood-limit stamps and its idempotency record are stored together or not
    at all.
    """
    now = datetime.now(UTC)
    with writing(session):
        if submission.idempotency is not None:
            replayed = _replay(session, submission.idempotency, now)
            if replayed is not None:
                return replayed
        try:
            return _store(session, submission, rules=rules, answer=answer, now=now)
        except IntegrityError:
            # Another request stored the same comment, or used the same key, between our
            # checks and our insert: PostgreSQL lets that happen, its unique indexes catch it.
            session.rollback()
            return _after_race(session, submission, answer, now)


def _store(
    session: Session,
    submission: Submission,
    *,
    rules: CommentRules,
    answer: Callable[[Comment], Answer],
    now: datetime,
) -> Answer:
    data, client, idempotency = submission.data, submission.client, submission.idempotency
    if idempotency is not None:
        # Claimed first, so that a concurrent retry with the same key waits for this one.
        record = IdempotencyRecord(
            key=idempotency.key,
            request_hash=idempotency.request_hash,
            status_code=0,
            body="",
            created_at=now,
        )
        session.add(record)
        session.flush()
    article = find_article(session, submission.article_ref)
    if not article.comments_open:
        raise Forbidden("Comments are closed on this article.")
    parent = _parent(session, article, data.parent_id, rules)
    digest = _digest(article.id, data)
    existing = _live_duplicate(session, digest)
    if existing is not None:
        if existing.status == CommentStatus.spam:
            return answer(existing)  # spam is never announced: it looks held, again
        raise Conflict(
            f"This comment was already posted as comment {existing.id}.",
            existing=f"/comments/{existing.id}",
        )
    if rules.flood_seconds:
        _stamp_or_refuse(session, client, data, rules, now)
    comment = Comment(
        article_id=article.id,
        parent_id=parent.id if parent else None,
        root_id=(parent.root_id or parent.id) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        status=initial_status(
            fields=(
                data.body,
                data.author_name,
                data.author_email,
                data.author_url,
                client.ip,
                client.user_agent,
            ),
            body=data.body,
            previously_approved=_previously_approved(session, data),
            honeypot_filled=submission.honeypot_filled,
            rules=rules,
        ),
        body=data.body,
        author_name=data.author_name,
        author_email=data.author_email.lower(),
        author_url=data.author_url,
        author_ip=client.ip,
        user_agent=(client.user_agent or "")[:USER_AGENT_LENGTH] or None,
        content_hash=digest,
        created_at=now,
        updated_at=now,
    )
    session.add(comment)
    session.flush()
    result = answer(comment)
    if idempotency is not None:
        record.status_code = result.status_code
        record.headers = [list(h) for h in result.headers]
        record.body = result.body
    return result


def _parent(
    session: Session, article: Article, parent_id: int | None, rules: CommentRules
) -> Comment | None:
    if parent_id is None:
        return None
    parent = session.get(Comment, parent_id)
    if parent is None or parent.article_id != article.id or parent.status != CommentStatus.approved:
        raise InvalidParameter(
            "parent_id", "not an approved comment of this article", location="body"
        )
    if parent.depth + 1 >= rules.max_depth:
        raise InvalidParameter(
            "parent_id", f"replies nest at most {rules.max_depth} deep", location="body"
        )
    return parent


def _digest(article_id: int | None, data: CommentCreate) -> str:
    return content_hash(article_id, data.parent_id, data.author_name, data.author_email, data.body)


def _live_duplicate(session: Session, digest: str) -> Comment | None:
    return session.exec(
        select(Comment)
        .where(Comment.content_hash == digest)
        .where(Comment.status != CommentStatus.trash)
    ).first()


def _previously_approved(session: Session, data: CommentCreate) -> bool:
    """Whether this name and email have an approved comment: both, as WordPress asks, so that
    knowing a regular's email is not enough to skip moderation."""
    found = session.exec(
        select(Comment.id)
        .where(Comment.author_email == data.author_email.lower())
        .where(Comment.author_name == data.author_name)
        .where(Comment.status == CommentStatus.approved)
        .limit(1)
    ).first()
    return found is not None


def _throttle_key(kind: str, value: str) -> str:
    # Hashed: the table is a rate limiter, not a second copy of who commented.
    return f"{kind}:{hashlib.sha256(value.lower().encode()).hexdigest()}"


def _stamp_or_refuse(
    session: Session, client: Client, data: CommentCreate, rules: CommentRules, now: datetime
) -> None:
    """Record this comment's time against its IP address and email, unless either commented
    less than `flood_seconds` ago. Each stamp is one atomic upsert, so concurrent requests
    cannot both slip through, whichever worker serves them."""
    cutoff = now - timedelta(seconds=rules.flood_seconds)
    session.execute(delete(CommentThrottle).where(CommentThrottle.last_at <= cutoff))
    postgres = session.get_bind().dialect.name == "postgresql"
    keys = [_throttle_key("email", data.author_email)]
    if client.ip:
        keys.insert(0, _throttle_key("ip", client.ip))
    for key in keys:
        stamp = (
            (postgresql.insert if postgres else sqlite.insert)(CommentThrottle)
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
            raise TooManyRequests(
                "You are posting comments too quickly; wait a little.",
                retry_after=max(1, int(rules.flood_seconds - waited + 0.999)),
            )


def _replay(session: Session, idempotency: Idempotency, now: datetime) -> Answer | None:
    session.execute(  # forget expired keys while we hold the write lock anyway
        delete(IdempotencyRecord).where(IdempotencyRecord.created_at < now - idempotency.ttl)
    )
    record = session.get(IdempotencyRecord, idempotency.key)
    if record is None:
        return None
    if record.request_hash != idempotency.request_hash:
        raise InvalidParameter(
            "Idempotency-Key", "already used for a different request", location="header"
        )
    return Answer(
        record.status_code, [(name, value) for name, value in record.headers], record.body
    )


def _after_race(
    session: Session, submission: Submission, answer: Callable[[Comment], Answer], now: datetime
) -> Answer:
    """After losing a race to another request: its answer if it had our key, else say what
    our comment collided with."""
    if submission.idempotency is not None:
        replayed = _replay(session, submission.idempotency, now)
        if replayed is not None:
            return replayed
    article = find_article(session, submission.article_ref)
    existing = _live_duplicate(session, _digest(article.id, submission.data))
    if existing is not None and existing.status == CommentStatus.spam:
        return answer(existing)
    if existing is not None:
        raise Conflict(
            f"This comment was already posted as comment {existing.id}.",
            existing=f"/comments/{existing.id}",
        )
    # The parent comment (or the article) went away while this request was being handled.
    raise Conflict("What this comment replies to changed meanwhile; try again.")
