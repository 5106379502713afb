"""RFC 9457 problem details: the one place where errors become HTTP responses.

Every error a client can see is `application/problem+json` with `type`, `title`, `status` and
`detail`; validation errors also list each offending parameter in `invalid_params`. Nothing
internal (stack traces, SQL, file paths) ever reaches a response body.
"""

import logging
import re
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import InvalidParameter, NewsdeskError

log = logging.getLogger("newsdesk")

PROBLEM_MEDIA_TYPE = "application/problem+json"
# Seconds a client should wait before retrying when the database is unavailable.
RETRY_AFTER_SECONDS = 2


class InvalidParam(BaseModel):
    name: str = Field(description="The parameter or field, e.g. `per_page` or `body.title`.")
    location: str = Field(description="Where it was: query, path, header or body.")
    reason: str


class Problem(BaseModel):
    """An RFC 9457 problem details object."""

    type: str = Field(examples=["/problems/not-found"])
    title: str = Field(examples=["Not found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["No article with id or slug 'nope'."])
    instance: str | None = Field(default=None, examples=["/articles/nope"])
    invalid_params: list[InvalidParam] | None = None
    existing: str | None = Field(
        default=None, description="For a 409: the resource the request would have duplicated."
    )


_RETRY_AFTER = {"description": "Seconds to wait before retrying.", "schema": {"type": "integer"}}


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_MEDIA_TYPE


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the error statuses an operation can answer.

    Their bodies are documented as problem+json by `problem_openapi`.
    """
    return {status: {"description": HTTPStatus(status).phrase} for status in statuses}


def problem_openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI schema, with every 4xx/5xx response documented as a `Problem` body
    (FastAPI would document its own validation-error shape, as application/json)."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
    )
    definitions = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(definitions.pop("$defs", {}))
    components["Problem"] = definitions
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    problem_content = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            # What any operation can answer: a repeated query parameter (422), an unexpected
            # error (500), and — for all but the liveness probe — a database that is away (503).
            for status in ("422", "500") if path == "/healthz" else ("422", "500", "503"):
                responses.setdefault(status, {})
            if "requestBody" in operation:
                # A body the framework cannot parse at all (not JSON, not a form) is a 400.
                responses.setdefault("400", {})
            for status, response in responses.items():
                if status[0] in "45":
                    response["content"] = problem_content
                    response["description"] = HTTPStatus(int(status)).phrase
                if status in ("429", "503"):
                    response["headers"] = {"Retry-After": _RETRY_AFTER}
    app.openapi_schema = schema
    return schema


def problem(
    request: Request,
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    title: str | None = None,
    invalid_params: Sequence[InvalidParam] | None = None,
    headers: dict[str, str] | None = None,
    existing: str | None = None,
) -> ProblemResponse:
    phrase = HTTPStatus(status).phrase
    body = Problem(
        type=f"/problems/{slug or phrase.lower().replace(' ', '-')}",
        title=title or phrase,
        status=status,
        detail=detail,
        instance=request.url.path,
        invalid_params=list(invalid_params) if invalid_params else None,
        existing=existing,
    )
    return ProblemResponse(
        body.model_dump(mode="json", exclude_none=True), status_code=status, headers=headers
    )


def _location_and_name(loc: Sequence[int | str]) -> tuple[str, str]:
    where, *path = loc or ("body",)
    name = ".".join(str(part) for part in path) or str(where)
    return str(where), name


async def _on_domain_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, NewsdeskError)
    params = None
    if isinstance(exc, InvalidParameter):
        params = [InvalidParam(name=exc.name, location=exc.location, reason=exc.reason)]
    return problem(
        request,
        exc.status,
        exc.detail,
        slug=exc.type_slug,
        title=exc.title,
        invalid_params=params,
        headers=exc.headers,
        existing=getattr(exc, "existing", None),
    )


async def _on_validation_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, RequestValidationError)
    params = []
    for error in exc.errors():
        location, name = _location_and_name(error.get("loc", ()))
        reason = error.get("msg", "invalid")
        if error.get("type") == "extra_forbidden":
            reason = "unknown parameter"
        params.append(InvalidParam(name=name, location=location, reason=reason))
    names = ", ".join(dict.fromkeys(p.name for p in params))
    return problem(
        request,
        422,
        f"Invalid {names}." if names else "The request is invalid.",
        slug="invalid-parameter",
        title="Invalid parameter",
        invalid_params=params,
    )


async def _on_http_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(status).description
    if status == 404 and detail == "Not Found":
        detail = f"Nothing is served at {request.url.path}."
    headers = dict(exc.headers or {})
    if status == 405:
        # Starlette names only the first route that matched the path; every method is due.
        headers["Allow"] = _allowed(request) or headers.get("Allow", "")
        detail = f"{request.method} is not allowed here; use {headers['Allow']}."
    return problem(request, status, detail, headers=headers)


def _allowed(request: Request) -> str:
    """The methods the OpenAPI document lists for this path."""
    methods: set[str] = set()
    for template, operations in request.app.openapi()["paths"].items():
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, request.url.path):
            methods |= {m.upper() for m in operations}
    if "GET" in methods:
        methods.add("HEAD")  # every GET answers HEAD (app.caching)
    return ", ".join(sorted(methods))


async def _on_database_error(request: Request, exc: Exception) -> ProblemResponse:
    # Lost connections, a locked SQLite file, a failover: the client's request was fine.
    log.error("database error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(
        request,
        503,
        "The database is unavailable; retry shortly.",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"},
    )


async def _on_unexpected_error(request: Request, exc: Exception) -> ProblemResponse:
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    # Answered outside every middleware (no-store included), so say it here: never cache.
    return problem(
        request,
        500,
        "An unexpected error occurred; it has been logged.",
        headers={"Cache-Control": "no-store"},
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.openapi = lambda: problem_openapi(app)  # type: ignore[method-assign]
    app.add_exception_handler(NewsdeskError, _on_domain_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    # Connection-level failures only: an IntegrityError is a bug to fix, not a reason to retry.
    for error in (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError):
        app.add_exception_handler(error, _on_database_error)
    app.add_exception_handler(Exception, _on_unexpected_error)
