"""HTTP caching for public reads: strong ETags, Last-Modified, 304s, Cache-Control, HEAD.

`ConditionalGet` wraps the whole app. For a GET or HEAD it buffers a 200 response, gives it a
strong ETag (a hash of the bytes sent, so gzip and identity differ), answers 304 when the
client's copy is current, and sets `Cache-Control` on public paths. A HEAD runs as a GET and
sends only the headers, so every GET route answers HEAD too.
"""

import hashlib
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
    """Router dependency: `Last-Modified` on public reads (`app.services.freshness`)."""
    if request.method in ("GET", "HEAD") and (moment := last_change(session)) is not None:
        response.headers["Last-Modified"] = format_datetime(moment, usegmt=True)


LastModified = Depends(stamp_last_modified)


class ConditionalGet:
    def __init__(self, app: ASGIApp, *, cache_control: str, private: tuple[str, ...]) -> None:
        self.app = app
        self.cache_control = cache_control
        self.private = private  # path prefixes never marked public

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
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
        assert start is not None
        body = b"".join(chunks)
        headers = MutableHeaders(raw=list(start["headers"]))
        status = start["status"]
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
        if "etag" not in headers:
            headers["ETag"] = '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'
        private = any(path == p or path.startswith(p + "/") for p in self.private)
        if "cache-control" not in headers and not private:
            headers["Cache-Control"] = self.cache_control


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
        return parsedate_to_datetime(modified) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):  # an unparseable date is ignored, as the RFC says
        return False
