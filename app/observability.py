"""What operators watch: Prometheus metrics and one access-log line per request.

`Observe` wraps the app: it times every HTTP request, counts it by method, route template
(`/articles/{id_or_slug}`, never the raw path, so ids do not explode the series) and status,
and logs it. `/metrics` serves the registry, with the database pool's state read at scrape
time. Under several workers, set PROMETHEUS_MULTIPROC_DIR so that every worker's counts are
summed (prometheus-client's multiprocess mode).
"""

import json
import logging
import os
import time
from collections.abc import Iterator

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Engine
from sqlalchemy.pool import QueuePool
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ACCESS = logging.getLogger("newsdesk.access")
# Label values are a closed set: a client inventing methods must not invent series.
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    """The registry of one app: request counts and latencies, and the database pool."""

    def __init__(self, engine: Engine, read_engine: Engine | None = None) -> None:
        self.registry = CollectorRegistry()  # what /metrics shows
        shared = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
        if shared:
            # Every worker writes its counts to files there; the scrape sums them all.
            multiprocess.MultiProcessCollector(self.registry)
        own = None if shared else self.registry
        self.requests = Counter(
            "newsdesk_http_requests",
            "HTTP requests answered, by method, route template and status.",
            ["method", "route", "status"],
            registry=own,
        )
        self.latency = Histogram(
            "newsdesk_http_request_duration_seconds",
            "Time to answer, by method and route template.",
            ["method", "route"],
            buckets=_BUCKETS,
            registry=own,
        )
        pools = {"primary": engine}
        if read_engine is not None and read_engine is not engine:
            pools["replica"] = read_engine
        self.registry.register(_PoolCollector(pools))  # this worker's pools only

    def response(self) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


class _PoolCollector(Collector):
    def __init__(self, engines: dict[str, Engine]) -> None:
        self.engines = engines

    def collect(self) -> Iterator[GaugeMetricFamily]:
        families = {
            "checked_out": GaugeMetricFamily(
                "newsdesk_db_pool_checked_out",
                "Database connections in use by requests.",
                labels=["database"],
            ),
            "size": GaugeMetricFamily(
                "newsdesk_db_pool_size", "Connections the pool keeps.", labels=["database"]
            ),
            "overflow": GaugeMetricFamily(
                "newsdesk_db_pool_overflow",
                "Connections open beyond the pool's size.",
                labels=["database"],
            ),
        }
        for name, engine in self.engines.items():
            pool = engine.pool
            checked_out = pool.checkedout() if hasattr(pool, "checkedout") else 0
            families["checked_out"].add_metric([name], checked_out)
            if isinstance(pool, QueuePool):
                families["size"].add_metric([name], pool.size())
                families["overflow"].add_metric([name], max(pool.overflow(), 0))
        yield from families.values()


class Observe:
    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the server sends if the app dies before answering

        async def record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record)
        finally:
            seconds = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            method = scope["method"] if scope["method"] in _METHODS else "other"
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.latency.labels(method, route).observe(seconds)
            client = scope.get("client")
            ACCESS.info(
                "%s %s %s %.1fms",
                method,
                scope["path"],
                status,
                seconds * 1000,
                extra={
                    "method": method,
                    "path": scope["path"],
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                    "client": client[0] if client else None,
                },
            )


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log shippers."""

    FIELDS = ("method", "path", "route", "status", "duration_ms", "client")

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **{f: getattr(record, f) for f in self.FIELDS if hasattr(record, f)},
        }
        return json.dumps(entry)


def configure_logging(log_format: str) -> None:
    """Access lines to stderr, as text or JSON; once per process."""
    if ACCESS.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter() if log_format == "json" else logging.Formatter("%(asctime)s %(message)s")
    )
    ACCESS.addHandler(handler)
    ACCESS.setLevel(logging.INFO)
    ACCESS.propagate = False
