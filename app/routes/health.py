"""Liveness and readiness probes, and the API index."""

from fastapi import APIRouter, Request

from app.db import ping
from app.deps import SessionDep
from app.problems import problem_responses
from app.schemas.health import ApiIndex, Health

router = APIRouter(tags=["meta"])


@router.get("/", summary="API index", description="What this API serves, and where.")
def index(request: Request) -> ApiIndex:
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
        },
    )


@router.get(
    "/healthz",
    summary="Liveness",
    description="The process is up and serving. Does not touch the database.",
)
def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    summary="Readiness",
    description="The database answers. 503 problem+json when it does not.",
    responses=problem_responses(503),
)
def readyz(session: SessionDep) -> Health:
    ping(session)  # a database error becomes a 503 problem
    return Health(status="ok")
