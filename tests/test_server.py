"""`newsdesk serve` as deployed: a real uvicorn process, real sockets, several workers."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import SEED_SLUG


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(db_url: str, seeded) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, "DATABASE_URL": db_url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"server did not start: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_served_over_real_http_by_two_workers(server: str) -> None:
    with httpx.Client(base_url=server, timeout=5) as http:
        for _ in range(10):  # enough requests to reach both workers
            article = http.get(f"/articles/{SEED_SLUG}")
            assert article.status_code == 200
            assert len(article.json()["quotes"]) == 14
        missing = http.get("/articles/nope")
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
        assert http.get("/docs").status_code == 200
