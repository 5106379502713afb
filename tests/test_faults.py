"""Faults under load, against real servers: a server killed with SIGKILL mid-load loses no
comment it acknowledged, and reads keep being served while comments pour in."""

import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, select, text

from app.config import Settings
from app.models import Comment
from tests.conftest import SEED_SLUG, free_port

PATH = f"/articles/{SEED_SLUG}/comments"


def start(db_url: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`newsdesk serve`, two workers, in a session of its own so the whole tree can be killed."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "NEWSDESK_COMMENTS_FLOOD_SECONDS": "0",
        "NEWSDESK_COMMENTS_AUTO_APPROVE": "true",
        "NEWSDESK_ACCESS_LOG": "false",
        "NEWSDESK_SQLITE_BUSY_TIMEOUT_MS": "30000",  # 20 writers on a busy machine
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("ab"),
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    pytest.fail(f"server did not start: {log.read_text()[-2000:]}")


def test_sigkill_mid_load_loses_no_acknowledged_comment(db_url, seeded, tmp_path) -> None:
    process, base = start(db_url, tmp_path / "server.log")
    acknowledged: list[str] = []
    stop = threading.Event()

    def post(n: int) -> None:
        with httpx.Client(base_url=base, timeout=10) as client:
            i = 0
            while not stop.is_set():
                body = f"Client {n} comment {i}"
                i += 1
                payload = {"body": body, "author_name": "Ada", "author_email": f"c{n}@b.org"}
                try:
                    response = client.post(PATH, json=payload)
                except httpx.TransportError:
                    continue  # the server died under this request: it acknowledged nothing
                if response.status_code in (201, 202):
                    acknowledged.append(body)

    threads = [threading.Thread(target=post, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    os.killpg(process.pid, signal.SIGKILL)  # master and workers, no chance to clean up
    process.wait(timeout=10)
    time.sleep(0.3)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert len(acknowledged) > 50, "the load never got going"

    restarted, base = start(db_url, tmp_path / "server.log")
    try:
        assert httpx.get(f"{base}/articles/{SEED_SLUG}").status_code == 200
    finally:
        os.killpg(restarted.pid, signal.SIGKILL)
        restarted.wait(timeout=10)
    engine = create_engine(Settings(database_url=db_url, _env_file=None).sqlalchemy_url)
    with engine.connect() as connection:
        stored = set(connection.execute(select(Comment.body)).scalars())
        if engine.dialect.name == "sqlite":
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    engine.dispose()
    missing = [body for body in acknowledged if body not in stored]
    print(f"SIGKILL mid-load: {len(acknowledged)} acknowledged, {len(missing)} missing")
    assert missing == [], f"{len(missing)} of {len(acknowledged)} acknowledged comments lost"


def test_reads_are_served_while_comments_pour_in(serve, seeded) -> None:
    base = serve(
        comments_flood_seconds="0",
        comments_auto_approve="true",
        access_log="false",
        sqlite_busy_timeout_ms="30000",
    )
    writing = threading.Event()
    reads: list[tuple[int, float]] = []

    def read() -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            while writing.is_set():
                started = time.perf_counter()
                status = client.get(f"/articles/{SEED_SLUG}").status_code
                reads.append((status, time.perf_counter() - started))

    def write(i: int) -> int:
        payload = {"body": f"Load {i}", "author_name": "Ada", "author_email": f"l{i}@b.org"}
        return httpx.post(f"{base}{PATH}", json=payload, timeout=30).status_code

    writing.set()
    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    with ThreadPoolExecutor(16) as pool:
        written = list(pool.map(write, range(300)))
    writing.clear()
    for reader in readers:
        reader.join(timeout=30)
    assert set(written) == {201}
    assert len(reads) > 20 and {status for status, _ in reads} == {200}
    times = sorted(seconds for _, seconds in reads)
    p99 = times[int(len(times) * 0.99) - 1]
    print(
        f"article detail under comment load: {len(times)} reads, "
        f"p50 {statistics.median(times) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"
    )
