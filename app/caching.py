"""HTTP caching for public reads: strong ETags, Last-Modified, 304s, Cache-Control, HEAD.

`ConditionalGet` wraps the whole app. For a GET or HEAD it buffers a 200 response, gives it a
strong ETag (a hash of the bytes sent, so gzip and identity differ), answers 304 when the
client's copy is current, and sets `Cache-Control` on public paths. A HEAD runs as a GET and
sends only the headers, so every GET route answers HEAD too.
"""

import hashlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Depends, Request, Response
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.deps import ReadSessionDep
from app.services.freshness import last_change

# Headers a 304 repeats (RFC 9110 §15.4.5): the validators and what caches key on.
_KEPT_ON_304 = (
    b"etag",
    b"last-modified",
    b"cache-control",
    b"vary",
    b"content-location",
    b"expires",
)


def stamp_last_modified(request: Request, response: Response, session: ReadSessionDep) -> None:
    """Router dependency: `Last-Modified` on public reads (`app.services.freshness`).

    HTTP dates have whole seconds: a change later in the same second would carry the same
    date, and a cache would wrongly keep its copy. So within that second there is no
    Last-Modified at all (as Apache does), and the ETag alone validates.
    """
    if request.method not in ("GET", "HEAD") or (moment := last_change(session)) is None:
        return
    if moment.replace(microsecond=0) + timedelta(seconds=1) <= datetime.now(UTC):
        response.headers["Last-Modified"] = format_datetime(moment, usegmt=True)


LastModified = Depends(stamp_last_modified)


class ConditionalGet:
    def __init__(
        self,
        app: ASGIApp,
        *,
        cache_control: str,
        private: tuple[str, ...],
        files: tuple[str, ...],
    ) -> None:
        self.app = app
        self.cache_control = cache_control
        self.private = private  # path prefixes never marked public
        self.files = files  # static files: validated by StaticFiles itself, never buffered

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        if _under(scope["path"], self.files):
            await self.app(scope, receive, _etag_per_encoding(send))
            return
        head = scope["method"] == "HEAD"
        inner_scope = {**scope, "method": "GET"} if head else scope
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffer(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(inner_scope, receive, buffer)
        if head and "route" in inner_scope:
            scope["route"] = inner_scope["route"]  # for the metrics' route label
        assert start is not None
        body = b"".join(chunks)
        headers = MutableHeaders(raw=list(start["headers"]))
        status = start["status"]
        if status >= 400 and "cache-control" not in headers:
            headers["Cache-Control"] = "no-store"  # an error is never kept by any cache
        if status == 200:
            self._describe(scope["path"], headers, body)
            if _not_modified(Headers(scope=scope), headers):
                kept = [(k, v) for k, v in headers.raw if k.lower() in _KEPT_ON_304]
                await send({"type": "http.response.start", "status": 304, "headers": kept})
                await send({"type": "http.response.body", "body": b""})
                return
        await send({**start, "headers": headers.raw})
        await send({"type": "http.response.body", "body": b"" if head else body})

    def _describe(self, path: str, headers: MutableHeaders, body: bytes) -> None:
        headers["ETag"] = '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'
        if "cache-control" not in headers and not _under(path, self.private):
            headers["Cache-Control"] = self.cache_control


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
