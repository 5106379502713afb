"""FastAPI dependencies and parameters shared by the routes."""

import hmac
import ipaddress
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Path, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from app.config import Settings
from app.db import request_session, writer_turn
from app.errors import Forbidden, Unauthorized
from app.schemas.bundle import SLUG_PATTERN
from app.services.submission import Client

# Dependencies are `async def` unless they block: FastAPI runs a plain `def` in a worker thread,
# and every hop to a thread and back costs more than such a function does. A session is opened
# on the loop (no I/O until its first query) and closed in a thread (`request_session`).


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A database session for this request, on the app's engine: for writes (and /admin), so
    on SQLite it first waits its turn among this worker's writers (`writer_turn`)."""
    engine = request.app.state.engine
    async with writer_turn(engine), request_session(engine) as session:
        yield session


async def app_settings(request: Request) -> Settings:
    """The settings this app was built with (tests build apps with their own)."""
    return request.app.state.settings


async def get_read_session(request: Request) -> AsyncIterator[Session]:
    """A session for a public read: on the read replica when one is configured. A replica may
    lag the primary by a moment, so nothing that writes, and nothing under /admin, uses it."""
    async with request_session(request.app.state.read_engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
ReadSessionDep = Annotated[Session, Depends(get_read_session)]
SettingsDep = Annotated[Settings, Depends(app_settings)]

IdOrSlug = Annotated[
    str,
    Path(
        max_length=200,
        pattern=SLUG_PATTERN,  # an id is a slug of digits
        description="Numeric id or slug.",
        examples=["us-russia-frank-talks-on-ukraine"],
    ),
]


async def reject_repeated_parameters(request: Request) -> None:
    """`?section=world&section=sport` is refused: taking either value silently would be a
    guess. (No parameter of this API takes several values.)"""
    seen: set[str] = set()
    errors = []
    for name, _value in request.query_params.multi_items():
        if name in seen:
            errors.append(
                {"loc": ("query", name), "msg": "given more than once", "type": "repeated"}
            )
        seen.add(name)
    if errors:
        raise RequestValidationError(errors)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address as proxies write it — `1.2.3.4`, `1.2.3.4:5678`, `[::1]:80`, `::1` —
    with IPv4-mapped IPv6 addresses as the IPv4 address they are."""
    text = text.strip()
    if text.startswith("["):
        text = text[1 : text.find("]")]
    elif text.count(":") == 1:
        text = text.split(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_ip(peer: str | None, forwarded_for: str | None, trusted: list[str]) -> str | None:
    """The client's address: the socket's peer, unless that peer is a trusted proxy, in which
    case the nearest address in X-Forwarded-For that is not itself a trusted proxy."""
    networks = [ipaddress.ip_network(t, strict=False) for t in trusted]

    def is_trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
        return address is not None and any(address in network for network in networks)

    peer_address = _address(peer) if peer else None
    if peer is None or not forwarded_for or not is_trusted(peer_address):
        return str(peer_address) if peer_address else peer
    # Each proxy appends the address it received from; read from the nearest one back.
    for hop in reversed(forwarded_for.split(",")):
        address = _address(hop)
        if address is None:
            break  # garbled or forged beyond this point: trust nothing further
        if not is_trusted(address):
            return str(address)
    return str(peer_address)


async def get_client(request: Request, settings: SettingsDep) -> Client:
    peer = request.client.host if request.client else None
    # Some proxies add a header line of their own instead of appending: read them all.
    forwarded = ",".join(request.headers.getlist("x-forwarded-for")) or None
    return Client(
        ip=client_ip(peer, forwarded, settings.trusted_proxies),
        user_agent=request.headers.get("user-agent"),
    )


ClientDep = Annotated[Client, Depends(get_client)]

_bearer = HTTPBearer(auto_error=False, description="`NEWSDESK_ADMIN_TOKEN`")


async def require_admin(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> None:
    """Admin routes need the configured bearer token; with none configured they are closed."""
    if settings.admin_token is None:
        raise Forbidden("The admin API is closed: NEWSDESK_ADMIN_TOKEN is not set.")
    if credentials is None:
        raise Unauthorized("Send Authorization: Bearer <NEWSDESK_ADMIN_TOKEN>.")
    expected = settings.admin_token.get_secret_value().encode()
    if not hmac.compare_digest(credentials.credentials.encode(), expected):  # constant time
        raise Forbidden("That token is not the admin token.")
