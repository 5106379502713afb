"""ASGI middleware."""

import re

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Headers a browser script may read besides the simple ones: paging and caching.
EXPOSED = ["Link", "X-Total-Count", "ETag", "Last-Modified", "Location", "Retry-After"]
_NOT_SHARED = frozenset({"/admin", "/metrics"})  # never readable from another site's script
_COMMENTS = re.compile(r"^/articles/[^/]+/comments$")


class NoStoreUnder:
    """`Cache-Control: no-store` on every response under `prefix`, errors included: what an
    admin sees (emails, IP addresses) must not be kept by any cache."""

    def __init__(self, app: ASGIApp, *, prefix: str) -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        under = path == self.prefix or path.startswith(self.prefix + "/")
        if scope["type"] != "http" or not under:
            await self.app(scope, receive, send)
            return

        async def send_no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message["headers"] if k.lower() != b"cache-control"]
                message = {**message, "headers": [*headers, (b"cache-control", b"no-store")]}
            await send(message)

        await self.app(scope, receive, send_no_store)


class Cors:
    """Two CORS policies: public reads for `read_origins` (any, by default), and posting a
    comment only for `comment_origins`. Nothing else — the admin routes and /metrics above
    all — is readable cross-origin. The answer varies by Origin whenever a policy lists
    origins."""

    def __init__(
        self, app: ASGIApp, *, read_origins: list[str], comment_origins: list[str]
    ) -> None:
        self.app = app
        self.reads = CORSMiddleware(
            app,
            allow_origins=read_origins,
            allow_methods=["GET", "HEAD"],
            allow_headers=["If-None-Match", "If-Modified-Since"],  # revalidation from script
            expose_headers=EXPOSED,
        )
        self.comments = CORSMiddleware(
            app,
            allow_origins=comment_origins,
            allow_methods=["GET", "HEAD", "POST"],
            allow_headers=["Content-Type", "Idempotency-Key"],
            expose_headers=EXPOSED,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        method = scope["method"]
        if method == "OPTIONS":
            method = headers.get("access-control-request-method", "GET")
        path = scope["path"]
        if path in _NOT_SHARED or path.startswith("/admin/"):
            await self.app(scope, receive, send)
        elif method == "POST" and _COMMENTS.match(path):
            await self.comments(scope, receive, send)
        elif method in ("GET", "HEAD"):
            await self.reads(scope, receive, send)
        else:
            await self.app(scope, receive, send)
