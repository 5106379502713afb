"""The app under benchmark, plus the stack's limit: `GET /bench/limit`.

    uvicorn bench.limit:create --factory

The limit route answers with bytes encoded once at start-up: the article detail response the
benchmark asks for (`BENCH_LIMIT_ARTICLE`), byte for byte. It sits in the same app behind the
same middleware (metrics, CORS, the conditional-GET layer, gzip), so what it measures is the most
this server can do when a route has nothing to do. A cached answer can beat it: it is sent
before the routing and the route run at all.

Two more routes send the same bytes and show what any uncached answer pays before its first
query: `/bench/thread` is a plain `def` route (FastAPI runs it in a worker thread), and
`/bench/session` also opens a read session and takes its connection.
"""

import os

from fastapi import FastAPI, Response
from starlette.testclient import TestClient

from app.deps import ReadSessionDep
from app.main import create_app

LIMIT_PATH = "/bench/limit"
THREAD_PATH = "/bench/thread"
SESSION_PATH = "/bench/session"


def create() -> FastAPI:
    app = create_app()
    article = os.environ["BENCH_LIMIT_ARTICLE"]
    # Without the `with` block the app's lifespan does not run: the engine stays open.
    body = TestClient(app).get(f"/articles/{article}").raise_for_status().content

    # async: answered on the event loop, with no hop to a worker thread.
    @app.get(LIMIT_PATH, include_in_schema=False)
    async def limit() -> Response:
        return Response(body, media_type="application/json")

    @app.get(THREAD_PATH, include_in_schema=False)
    def thread() -> Response:
        return Response(body, media_type="application/json")

    @app.get(SESSION_PATH, include_in_schema=False)
    def session(session: ReadSessionDep) -> Response:
        session.connection()
        return Response(body, media_type="application/json")

    return app
