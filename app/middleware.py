"""ASGI middleware."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send


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
