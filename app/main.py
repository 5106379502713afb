"""The application factory."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version

import anyio.to_thread
from fastapi import Depends, FastAPI, Response
from starlette.middleware.gzip import GZipMiddleware

from app.caching import ClockReader, ConditionalGet
from app.config import Settings, get_settings
from app.db import build_engine
from app.deps import reject_repeated_parameters
from app.docs import ASSETS, install_docs
from app.middleware import Cors, NoStoreUnder
from app.observability import ACCESS, Metrics, Observe, configure_logging
from app.problems import install_problem_handlers
from app.routes import (
    admin,
    articles,
    comments,
    feeds,
    health,
    ingest,
    quotes,
    search,
    speakers,
)

ADMIN = "/admin"  # everything under it needs the admin token, and is never stored by caches
DESCRIPTION = """
Structured news: articles as paragraphs, every quote with its exact position and who said it,
and the speakers across all articles.

* Every list is paginated the same way: `page`/`per_page`, or `cursor` for deep walks, with
  RFC 8288 `Link` headers and `X-Total-Count`.
* Every error is `application/problem+json` (RFC 9457).
* Public reads carry a strong `ETag`, `Last-Modified` and `Cache-Control`; send
  `If-None-Match` to get `304 Not Modified`. Every `GET` answers `HEAD` too.
* Feeds of the newest articles: Atom, RSS 2.0 and JSON Feed 1.1, under `/feeds`.
"""

TAGS = [
    {"name": "articles", "description": "News articles, their quotes and speakers."},
    {"name": "quotes", "description": "Every quoted span, with its speaker and position."},
    {"name": "speakers", "description": "The people and organisations quoted."},
    {"name": "search", "description": "Ranked full-text search over articles and quotes."},
    {"name": "comments", "description": "Readers' comments: submission and the published thread."},
    {"name": "feeds", "description": "The latest articles as Atom, RSS 2.0 and JSON Feed."},
    {"name": "admin", "description": "Moderation and ingestion. Needs the admin bearer token."},
    {"name": "meta", "description": "Index and health probes."},
]


def _version() -> str:
    try:
        return version("newsdesk")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build an app for `settings` (default: the environment). Tests build one per database."""
    settings = settings or get_settings()
    engine = build_engine(settings)
    replica = settings.replica_sqlalchemy_url
    read_engine = build_engine(settings, replica) if replica else engine
    clock = ClockReader(read_engine)  # the content version, read where the content is read

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Plain `def` routes run on this event loop's worker threads. Beyond the connections
        # there are, more threads only take turns at the GIL: measured on an article detail
        # without the response cache, 40 threads (AnyIO's default) served 268 requests/s and
        # 4 served 312, with less memory (each thread can grow a malloc arena of its own).
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.thread_count
        yield
        clock.close()
        engine.dispose()
        read_engine.dispose()

    app = FastAPI(
        title="newsdesk",
        version=_version(),
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        dependencies=[Depends(reject_repeated_parameters)],
        docs_url=None,  # served by app.docs, without a CDN
        redoc_url=None,
    )
    install_docs(app)
    # Outermost last: CORS headers go on everything, 304s included; ETags are computed on the
    # bytes sent, after gzip, and cached responses are cached gzipped; admin responses are
    # never stored.
    app.add_middleware(NoStoreUnder, prefix=ADMIN)
    app.add_middleware(GZipMiddleware, minimum_size=settings.gzip_min_bytes)
    app.add_middleware(
        ConditionalGet,
        cache_control=f"public, max-age={settings.cache_max_age}, "
        f"stale-while-revalidate={settings.cache_stale_while_revalidate}",
        private=(ADMIN, "/healthz", "/readyz", "/metrics"),
        files=(ASSETS,),
        clock=clock,
        cache_bytes=settings.response_cache_mb * 1024 * 1024,
    )
    app.add_middleware(
        Cors, read_origins=settings.cors_origins, comment_origins=settings.cors_comment_origins
    )
    metrics = Metrics(engine, read_engine)
    app.add_middleware(Observe, metrics=metrics)  # outermost: it times everything
    ACCESS.disabled = not settings.access_log
    configure_logging(settings.log_format)

    @app.get("/metrics", include_in_schema=False)
    def prometheus_metrics() -> Response:
        return metrics.response()

    app.state.settings = settings
    app.state.engine = engine
    app.state.read_engine = read_engine
    app.state.clock = clock
    install_problem_handlers(app)
    for module in (articles, comments, quotes, speakers, search, feeds, admin, ingest, health):
        app.include_router(module.router)
    return app


app = create_app()
