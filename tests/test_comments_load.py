"""Nothing lost under load: concurrent comment POSTs against a real server with two workers."""

import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import create_engine, func, select

from app.config import Settings
from app.models import Comment
from tests.conftest import SEED_SLUG

PATH = f"/articles/{SEED_SLUG}/comments"


def stored_comments(db_url: str) -> int:
    engine = create_engine(Settings(database_url=db_url, _env_file=None).sqlalchemy_url)
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(Comment)).scalar_one()
    engine.dispose()
    return count


def post_all(base: str, payloads: list[dict], threads: int) -> list[int]:
    with httpx.Client(base_url=base, timeout=30) as http, ThreadPoolExecutor(threads) as pool:
        return list(pool.map(lambda p: http.post(PATH, json=p).status_code, payloads))


def test_a_thousand_comments_from_fifty_clients_are_all_stored(serve, seeded, db_url) -> None:
    # 50 writers queue for SQLite's one write lock; on a busy machine the default 5 s wait can
    # run out (a 503 with Retry-After, nothing written). The test is about nothing being lost,
    # so the wait is one a deployment expecting such bursts would set.
    base = serve(
        comments_flood_seconds="0",
        comments_auto_approve="true",
        access_log="false",
        sqlite_busy_timeout_ms="30000",
    )
    payloads = [
        {
            "body": f"Comment number {i}",
            "author_name": f"Reader {i}",
            "author_email": f"reader{i}@example.org",
        }
        for i in range(1000)
    ]
    statuses = post_all(base, payloads, threads=50)
    assert sorted(set(statuses)) == [201]  # no 5xx, nothing refused
    assert stored_comments(db_url) == 1000


def test_ten_identical_posts_at_once_store_one(serve, seeded, db_url) -> None:
    base = serve(comments_flood_seconds="0")
    same = {"body": "Me first!", "author_name": "Ada", "author_email": "ada@example.org"}
    statuses = post_all(base, [same] * 10, threads=10)
    assert sorted(statuses) == [202] + [409] * 9
    assert stored_comments(db_url) == 1


def test_the_flood_limit_holds_across_workers(serve, seeded, db_url) -> None:
    base = serve()
    payloads = [
        {"body": f"Burst {i}", "author_name": "Bot", "author_email": f"bot{i}@example.org"}
        for i in range(10)
    ]
    statuses = post_all(base, payloads, threads=10)  # one IP address, ten emails
    assert sorted(statuses) == [202] + [429] * 9
    assert stored_comments(db_url) == 1


def test_retries_with_one_idempotency_key_at_once_store_one(serve, seeded, db_url) -> None:
    base = serve(comments_flood_seconds="0", comments_auto_approve="true")
    same = {"body": "Retry me", "author_name": "Ada", "author_email": "ada@example.org"}
    with httpx.Client(base_url=base, timeout=30) as http, ThreadPoolExecutor(10) as pool:
        answers = list(
            pool.map(
                lambda _: http.post(PATH, json=same, headers={"Idempotency-Key": "k-1"}),
                range(10),
            )
        )
    assert {a.status_code for a in answers} == {201}
    assert len({a.text for a in answers}) == 1  # the first answer, replayed
    assert stored_comments(db_url) == 1


def test_reads_do_not_queue_behind_writers_waiting_for_the_lock(serve, seeded, db_url) -> None:
    """Another process holds SQLite's write lock (a long import, another worker): comment
    writers wait for it, one thread at a time, and reads go on meanwhile."""
    if not db_url.startswith("sqlite"):
        pytest.skip("SQLite's single write lock")
    base = serve(
        workers=1,
        comments_flood_seconds="0",
        comments_auto_approve="true",
        response_cache_mb="0",
        sqlite_busy_timeout_ms="20000",
    )
    payloads = [
        {"body": f"Waiting {i}", "author_name": "Ada", "author_email": f"a{i}@b.org"}
        for i in range(8)
    ]
    holder = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    background = ThreadPoolExecutor(1)
    try:
        writes = background.submit(post_all, base, payloads, 8)
        time.sleep(1)  # every writer is waiting by now
        for path in (f"/articles/{SEED_SLUG}", "/articles", "/search?q=frank"):
            assert httpx.get(base + path, timeout=10).status_code == 200, path
        assert not writes.done()  # the reads were answered while the lock was held
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        background.shutdown()
    assert writes.result() == [201] * 8
