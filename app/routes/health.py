"""Liveness and readiness probes, and the API index."""

from fastapi import APIRouter, Request, Response

from app.db import ping
from app.feeds import ATOM, JSON_FEED, RSS
from app.problems import problem_responses
from app.schemas.health import ApiIndex, Health

router = APIRouter(tags=["meta"])


@router.get(
    "/",
    summary="API index",
    description="What this API serves, and where. The feeds are also announced as RFC 8288 "
    '`Link: <…>; rel="alternate"; type=…` headers, as a page announces them with `<link>`.',
)
def index(request: Request, response: Response) -> ApiIndex:
    feeds = {
        "feed_atom": ("feed_atom", ATOM),
        "feed_rss": ("feed_rss", RSS),
        "feed_json": ("feed_json", JSON_FEED),
    }
    response.headers["Link"] = ", ".join(
        f'<{request.url_for(route)}>; rel="alternate"; type="{kind}"'
        for route, kind in feeds.values()
    )
    return ApiIndex(
        name="newsdesk",
        version=request.app.version,
        links={
            "articles": str(request.url_for("list_articles")),
            "quotes": str(request.url_for("list_quotes")),
            "speakers": str(request.url_for("list_speakers")),
            "search": str(request.url_for("search_all")),
            "docs": str(request.url_for("swagger_ui_html")),
            "openapi": str(request.url_for("openapi")),
            **{name: str(request.url_for(route)) for name, (route, _) in feeds.items()},
        },
    )


@router.get(
    "/healthz",
    summary="Liveness",
    description="The process is up and serving. Does not touch the database.",
)
async def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    summary="Readiness",
    description="The database (and the read replica, if any) answers. 503 problem+json when "
    "it does not.",
    responses=problem_responses(503),
)
def readyz(request: Request) -> Health:
    # One connection at a time: holding one while waiting for another could wait forever on
    # a pool that busy probes have drained. A database error becomes a 503 problem.
    ping(request.app.state.engine)
    if request.app.state.read_engine is not request.app.state.engine:
        ping(request.app.state.read_engine)
    return Health(status="ok")
