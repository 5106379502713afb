"""HTTP caching for public reads: a response cache keyed on the content version, strong ETags,
Last-Modified, 304s, Cache-Control, HEAD.

`ConditionalGet` wraps the whole app. For a GET or HEAD on a public path it first reads the
content clock (`app.services.freshness`): one row, whose version every write to public content
moves, by trigger, in the same transaction. A response cached at that version is sent as it
was, body, ETag and all, without running the route. Otherwise the route runs, and a 200 from a
route that serves public content (`PublicContent`) is kept for the next reader.

Such a route reads the clock again on its own session before anything else, and its answer is
filed under that version, so a cached body is never older than its version; any later commit
moves the version past it.

Every 200 gets a strong ETag (a hash of the bytes sent, so gzip and identity differ) and a 304
when the client's copy is current; public paths get `Cache-Control`. A HEAD runs as a GET and
sends only the headers, so every GET route answers HEAD too.
"""

import asyncio
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

import anyio.to_thread
from anyio.lowlevel import RunVar
from cachetools import LRUCache
from fastapi import Depends, Request
from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.db import on_begin, threads_of_its_own
from app.deps import ReadSessionDep
from app.services.freshness import read_clock

# Headers a 304 repeats (RFC 9110 §15.4.5): the validators and what caches key on.
_KEPT_ON_304 = (
    b"etag",
    b"last-modified",
    b"cache-control",
    b"vary",
    b"content-location",
    b"expires",
)
_CONTENT_READ = "newsdesk.content_read"  # the route's own clock reading, in the scope


@dataclass(frozen=True)
class Reading:
    """The content clock as one request saw it."""

    version: int
    modified: datetime  # never before the commit that made `version` (ClockReader.reading)
    at: datetime  # when the read began

    def last_modified(self) -> str | None:
        """HTTP dates have whole seconds: a change later in the same second would carry the
        same date, and a cache would wrongly keep its copy. So within that second there is no
        Last-Modified at all (as Apache does), and the ETag alone validates. `at` is taken
        before the read, so any version committed since has a later `modified`."""
        if self.modified.replace(microsecond=0) + timedelta(seconds=1) <= self.at:
            return format_datetime(self.modified, usegmt=True)
        return None


class ClockReader:
    """Reads the content clock (`app.services.freshness`).

    The middleware's read, to look a response up, is off any request's session. On SQLite it
    is inline, on a connection of its own: a local read takes microseconds, less than a hop to
    a worker thread, and a connection drawn from the app's pool on the event loop could wait
    for one that only a request's teardown, scheduled by that loop, gives back. On PostgreSQL
    it is a network round trip, so it goes to a worker thread.

    A route that serves public content reads the clock again on its own session, before its
    own queries (`PublicContent`), and its answer is filed under that version: a replica or
    a pool spread over several servers could otherwise pair one server's version with
    another's older rows.
    """

    def __init__(self, engine: Engine) -> None:
        self.inline = engine.dialect.name == "sqlite"
        self.engine = (
            create_engine(
                engine.url,
                poolclass=StaticPool,
                # On the event loop a busy database is not waited for: the route reads it.
                connect_args={"check_same_thread": False, "timeout": 0.05},
            )
            if self.inline
            else engine.execution_options(isolation_level="AUTOCOMMIT")  # no BEGIN/ROLLBACK
        )
        # When this process first saw each recent version: after its commit, unlike the
        # trigger's own time, which is before it.
        self._first_seen: dict[int, datetime] = {}
        self._reads: RunVar[_Reads] = RunVar("newsdesk_clock_reads")  # per event loop

    async def read(self) -> Reading | None:
        """The clock, or None when the database cannot say (the route will answer for it).

        Over the network, requests that arrive while a read is under way share the next one:
        each still gets a reading begun after it arrived, and a burst costs two round trips
        (and two hops to a thread) instead of one per request.
        """
        if self.inline:
            return self._read()
        try:
            reads = self._reads.get()
        except LookupError:
            self._reads.set(reads := _Reads())
        if reads.next is None or reads.next.cancelled():
            reads.next = asyncio.ensure_future(self._read_after(reads))
        return await asyncio.shield(reads.next)  # one request gone must not cancel the rest

    async def _read_after(self, reads: "_Reads") -> Reading | None:
        if reads.current is not None and not reads.current.done():
            await asyncio.wait([reads.current])
        # From here on this read is under way: whoever arrives now waits for the next.
        reads.current, reads.next = reads.next, None
        # On threads of its own: a cache hit must not queue behind routes' work.
        readers = threads_of_its_own("newsdesk_clock_readers", 1)
        return await anyio.to_thread.run_sync(self._read, limiter=readers)

    def _read(self) -> Reading | None:
        try:
            with self.engine.connect() as connection:
                return self.reading(connection)
        except SQLAlchemyError:
            return None

    def reading(self, connection: Connection) -> Reading | None:
        at = datetime.now(UTC)
        clock = read_clock(connection)
        if clock is None:
            return None
        first_seen = self._first_seen.setdefault(clock.version, datetime.now(UTC))
        if len(self._first_seen) > 64:
            for version in sorted(self._first_seen)[:32]:
                self._first_seen.pop(version, None)
        return Reading(clock.version, max(clock.changed_at, first_seen), at)

    def close(self) -> None:
        if self.inline:
            self.engine.dispose()


@dataclass
class _Reads:
    """An event loop's reads of the clock off the loop: the one under way, the one to follow."""

    current: "asyncio.Future[Reading | None] | None" = None
    next: "asyncio.Future[Reading | None] | None" = None


async def _read_on_session(request: Request, session: ReadSessionDep) -> None:
    clock: ClockReader = request.app.state.clock
    scope = request.scope

    def read(connection: Connection) -> None:
        scope[_CONTENT_READ] = clock.reading(connection)

    on_begin(session, read)  # before the route's first query, in its thread


# Router dependency: this route's answer depends only on the URL and public content, so it
# may be cached by version and carries the content's Last-Modified.
PublicContent = Depends(_read_on_session)


@dataclass(frozen=True)
class _Cached:
    version: int
    headers: list[tuple[bytes, bytes]]  # as sent, ETag included; Last-Modified is added per send
    body: bytes
    route: Any  # the matched route, for the metrics' label

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 200


class ConditionalGet:
    def __init__(
        self,
        app: ASGIApp,
        *,
        cache_control: str,
        private: tuple[str, ...],
        files: tuple[str, ...],
        clock: ClockReader,
        cache_bytes: int,
    ) -> None:
        self.app = app
        self.cache_control = cache_control
        self.private = private  # path prefixes never marked public, nor cached
        self.files = files  # static files: validated by StaticFiles itself, never buffered
        self.clock = clock
        self.cache: LRUCache[tuple[Any, ...], _Cached] | None = (
            LRUCache(maxsize=cache_bytes, getsizeof=lambda entry: entry.size)
            if cache_bytes
            else None
        )
        self.highest = -1  # the highest version seen: versions only go back on a restore

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        if _under(scope["path"], self.files):
            await self.app(scope, receive, _etag_per_encoding(send))
            return
        request = Headers(scope=scope)
        head = scope["method"] == "HEAD"
        public = not _under(scope["path"], self.private)
        now = await self.clock.read() if public else None
        key = _key(scope, request)
        if now is not None and self.cache is not None:
            if now.version < self.highest:  # a database restored from a backup: start over
                self.cache.clear()
            self.highest = now.version
            cached = self.cache.get(key)
            if cached is not None and cached.version == now.version:
                scope["route"] = cached.route
                headers = MutableHeaders(raw=list(cached.headers))
                await self._send(send, 200, headers, cached.body, request, now, head=head)
                return

        inner_scope = {**scope, "method": "GET"} if head else scope
        start, body = await _buffered(self.app, inner_scope, receive)
        if head and "route" in inner_scope:
            scope["route"] = inner_scope["route"]  # for the metrics' route label
        headers = MutableHeaders(raw=list(start["headers"]))
        status = start["status"]
        if status >= 400 and "cache-control" not in headers:
            headers["Cache-Control"] = "no-store"  # an error is never kept by any cache
        seen: Reading | None = inner_scope.get(_CONTENT_READ)
        if status == 200:
            headers["ETag"] = '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'
            if "cache-control" not in headers and public:
                headers["Cache-Control"] = self.cache_control
            if seen is not None and self.cache is not None:
                self._keep(key, _Cached(seen.version, headers.raw, body, inner_scope.get("route")))
        await self._send(send, status, headers, body, request, seen, head=head)

    def _keep(self, key: tuple[Any, ...], entry: _Cached) -> None:
        assert self.cache is not None
        held = self.cache.get(key)
        # A slow request that read an older version must not replace a newer answer.
        if entry.size <= self.cache.maxsize and (held is None or held.version < entry.version):
            self.cache[key] = entry

    async def _send(
        self,
        send: Send,
        status: int,
        headers: MutableHeaders,
        body: bytes,
        request: Headers,
        seen: Reading | None,
        *,
        head: bool,
    ) -> None:
        if status == 200 and seen is not None and (modified := seen.last_modified()):
            headers["Last-Modified"] = modified
        if status == 200 and _not_modified(request, headers):
            kept = [(k, v) for k, v in headers.raw if k.lower() in _KEPT_ON_304]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": status, "headers": headers.raw})
        await send({"type": "http.response.body", "body": b"" if head else body})


async def _buffered(app: ASGIApp, scope: Scope, receive: Receive) -> tuple[Message, bytes]:
    """Run the app and collect its response: the start message and the whole body."""
    start: Message | None = None
    chunks: list[bytes] = []

    async def buffer(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, buffer)
    assert start is not None
    return start, b"".join(chunks)


def _key(scope: Scope, request: Headers) -> tuple[Any, ...]:
    """What a public read's answer depends on besides the content: the URL (links in the body
    are absolute) and whether it is gzipped (as Starlette's GZipMiddleware decides)."""
    return (
        scope["scheme"],
        request.get("host") or scope.get("server"),  # what request.url falls back to
        scope.get("root_path", ""),
        scope["path"],
        scope["query_string"],
        "gzip" in request.get("accept-encoding", ""),
    )


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(p + "/") for p in prefixes)


def _etag_per_encoding(send: Send) -> Send:
    """A file's ETag names its bytes on disk; gzipped, the bytes sent differ, so must the tag."""

    async def tagged(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(raw=list(message["headers"]))
            if "etag" in headers and (encoding := headers.get("content-encoding")):
                headers["ETag"] = headers["etag"].rstrip('"') + f'-{encoding}"'
            message = {**message, "headers": headers.raw}
        await send(message)

    return tagged


def _not_modified(request: Headers, response: MutableHeaders) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when present; If-Modified-Since otherwise."""
    if (candidates := request.get("if-none-match")) is not None:
        etag = response["etag"].removeprefix("W/")
        return candidates.strip() == "*" or etag in (
            c.strip().removeprefix("W/") for c in candidates.split(",")
        )
    since, modified = request.get("if-modified-since"), response.get("last-modified")
    if since is None or modified is None:
        return False
    try:
        since_at = parsedate_to_datetime(since)
        if since_at > datetime.now(UTC):
            return False  # a date in the future is invalid, and ignored (§13.1.3)
        return parsedate_to_datetime(modified) <= since_at
    except (TypeError, ValueError):  # an unparseable date is ignored, as the RFC says
        return False
