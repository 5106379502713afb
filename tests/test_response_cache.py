"""The response cache: a hot read costs one query, and no write anyone could see is missed."""

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event, text, update
from sqlmodel import Session

from app.config import Settings
from app.main import create_app
from app.models import Quote
from app.services.freshness import read_clock
from tests.conftest import ADMIN, ADMIN_TOKEN, SEED_SLUG

ARTICLE = f"/articles/{SEED_SLUG}"
COMMENT = {"body": "Frank talks beat none.", "author_name": "Ada", "author_email": "ada@b.org"}


def _app(db_url: str, **overrides: object) -> FastAPI:
    settings = {"comments_flood_seconds": 0, **overrides}
    return create_app(
        Settings(database_url=db_url, admin_token=ADMIN_TOKEN, _env_file=None, **settings)
    )


@pytest.fixture
def web(db_url: str, seeded) -> Iterator[TestClient]:
    app = _app(db_url)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


@contextmanager
def statements(app: FastAPI) -> Iterator[list[str]]:
    """The SQL statements the app runs on its read engine inside the block, other than reads
    of the content clock (which on SQLite go through a connection of their own)."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if "content_clock" not in statement:
            seen.append(statement)

    engine = app.state.read_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def version(app: FastAPI) -> int:
    with app.state.engine.connect() as connection:
        clock = read_clock(connection)
    assert clock is not None
    return clock.version


def test_a_repeated_read_is_one_query_and_the_same_bytes(web: TestClient) -> None:
    first = web.get(ARTICLE)
    with statements(web.app) as seen:
        again = web.get(ARTICLE)
        head = web.head(ARTICLE)
        revalidated = web.get(ARTICLE, headers={"If-None-Match": first.headers["etag"]})
    assert seen == []  # only the clock was read
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert head.content == b"" and head.headers["etag"] == first.headers["etag"]
    assert revalidated.status_code == 304


def test_a_write_outside_the_app_is_seen_at_once(web: TestClient) -> None:
    """The clock moves by trigger, so even SQL typed into psql retires cached answers."""
    before = web.get(ARTICLE).json()
    quote = before["quotes"][0]
    with Session(web.app.state.engine) as session:
        session.exec(update(Quote).where(Quote.id == quote["id"]).values(cue="shouted"))
        session.commit()
    after = web.get(ARTICLE).json()
    assert [q["cue"] for q in after["quotes"] if q["id"] == quote["id"]] == ["shouted"]
    assert web.get(f"/quotes?article={SEED_SLUG}").json()["data"][0]["id"] is not None


def test_held_comments_leave_the_cache_alone_and_approval_retires_it(web: TestClient) -> None:
    app = web.app
    assert web.get(ARTICLE).json()["comment_count"] == 0
    start = version(app)
    held = web.post(f"{ARTICLE}/comments", json=COMMENT)
    assert held.status_code == 202  # a first-time commenter waits for moderation
    assert version(app) == start  # nothing public changed
    with statements(app) as seen:
        assert web.get(ARTICLE).json()["comment_count"] == 0
    assert seen == []  # still served from the cache

    comment_id = held.json()["id"]
    approved = web.patch(
        f"/admin/comments/{comment_id}", json={"status": "approved"}, headers=ADMIN
    )
    assert approved.status_code == 200
    assert version(app) > start
    assert web.get(ARTICLE).json()["comment_count"] == 1
    assert web.delete(f"/admin/comments/{comment_id}", headers=ADMIN).status_code == 204
    assert web.get(ARTICLE).json()["comment_count"] == 0


def test_each_host_and_encoding_has_its_own_copy(web: TestClient) -> None:
    here = web.get("/articles", headers={"Host": "news.example"}).json()
    there = web.get("/articles", headers={"Host": "mirror.example"}).json()
    assert here["links"]["self"].startswith("http://news.example/")
    assert there["links"]["self"].startswith("http://mirror.example/")
    zipped = web.get(ARTICLE, headers={"Accept-Encoding": "gzip"})
    plain = web.get(ARTICLE, headers={"Accept-Encoding": "identity"})
    again = web.get(ARTICLE, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip" == again.headers["content-encoding"]
    assert "content-encoding" not in plain.headers
    assert zipped.headers["etag"] == again.headers["etag"] != plain.headers["etag"]


def test_errors_and_admin_answers_are_never_cached(web: TestClient) -> None:
    assert web.get("/articles/nothing-here").status_code == 404
    with statements(web.app) as seen:
        assert web.get("/articles/nothing-here").status_code == 404
    assert seen  # looked up again
    listed = web.get("/admin/comments", headers=ADMIN)
    assert listed.status_code == 200
    web.post(f"{ARTICLE}/comments", json=COMMENT)  # held: the public version does not move
    assert web.get("/admin/comments", headers=ADMIN).json()["meta"]["total"] == 1


def test_the_cache_can_be_turned_off(db_url: str, seeded) -> None:
    app = _app(db_url, response_cache_mb=0)
    with TestClient(app) as client:
        client.get(ARTICLE)
        with statements(app) as seen:
            assert client.get(ARTICLE).status_code == 200
    app.state.engine.dispose()
    assert seen


def test_a_database_without_the_clock_row_still_answers(web: TestClient) -> None:
    with Session(web.app.state.engine) as session:
        session.exec(text("DELETE FROM content_clock"))
        session.commit()
    assert web.get(ARTICLE).status_code == 200
    assert web.get(ARTICLE).status_code == 200


def test_a_burst_shares_clock_reads_but_none_predates_its_request(db_url: str, seeded) -> None:
    """Over the network (PostgreSQL) the clock is read off the event loop; requests arriving
    while a read is under way share the next one, which still begins after they arrived."""
    app = _app(db_url)
    engine, clock = app.state.read_engine, app.state.clock
    if clock.inline:
        pytest.skip("SQLite reads the clock in place: there is nothing to share")
    reads: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if "content_clock" in statement:
            reads.append(statement)

    async def burst() -> set[int]:
        readings = await asyncio.gather(*(clock.read() for _ in range(50)))
        return {r.version for r in readings}

    event.listen(engine, "before_cursor_execute", record)
    try:
        before = version(app)
        assert asyncio.run(burst()) == {before}
        assert 1 <= len(reads) <= 2
        with Session(app.state.engine) as session:
            session.exec(update(Quote).where(Quote.id == 1).values(cue="stated"))
            session.commit()
        assert asyncio.run(burst()) == {version(app)} != {before}  # committed before: seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
        app.state.engine.dispose()
