"""`newsdesk serve` as deployed: a real uvicorn process, real sockets, several workers."""

import inspect
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi import Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from app.deps import get_read_session, get_session
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


def test_one_connection_per_worker_serves_a_burst_of_probes_and_reads(serve, seeded) -> None:
    """With a pool of one, requests queue for the connection; none may hold it while waiting
    for a second one (a readiness probe once took two), or the burst would stall for the
    pool's 30-second timeout."""
    base = serve(workers=1, sqlite_pool_size="1", db_pool_size="1", response_cache_mb="0")
    paths = ["/readyz", f"/articles/{SEED_SLUG}", "/articles", "/search?q=frank"] * 8
    with httpx.Client(base_url=base, timeout=10) as http, ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(lambda path: http.get(path).status_code, paths))
    assert statuses == [200] * len(paths)


def _calls(dependant: Dependant) -> set[object]:
    return {dependant.call} | {c for d in dependant.dependencies for c in _calls(d)}


def _routes(routes: list) -> list[APIRoute]:
    """Every API route, inside included routers too."""
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif (router := getattr(route, "original_router", None)) is not None:
            found += _routes(router.routes)
    return found


def test_no_route_holding_a_session_leaves_its_answer_to_a_second_thread(app) -> None:
    """A `def` route that returned a model would have it validated in a second hop to a
    worker thread with its connection still held (see app.routes.responses)."""
    holding = [
        route
        for route in _routes(app.routes)
        if not inspect.iscoroutinefunction(route.endpoint)
        and _calls(route.dependant) & {get_session, get_read_session}
    ]
    assert len(holding) > 10
    for route in holding:
        returns = inspect.signature(route.endpoint).return_annotation
        assert isinstance(returns, type) and issubclass(returns, Response), route.path
