"""`newsdesk serve` as deployed: a real uvicorn process, real sockets, several workers."""

import httpx
import pytest

from tests.conftest import SEED_SLUG


@pytest.fixture
def server(serve, seeded) -> str:
    return serve()


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
