"""`/admin/articles`: raw article text in — extracted, and stored or previewed."""

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from app.deps import SessionDep, SettingsDep, require_admin
from app.errors import UnsupportedMediaType
from app.ingest import extract_article, ingest
from app.problems import problem_responses
from app.routes.forms import JSON, invalid, media_type, read_body
from app.routes.responses import json_response
from app.schemas.article import ArticlePublic
from app.schemas.extraction import ARTICLE_TEXT_PATTERN, ArticleText, ExtractionPublic
from app.services import articles

TEXT = "text/plain"

router = APIRouter(
    prefix="/admin",
    tags=["admin"],
    dependencies=[Depends(require_admin)],
    responses=problem_responses(401, 403),
)


async def read_article_text(request: Request, settings: SettingsDep) -> ArticleText:
    """The article as `text/plain` (the raw page, metadata defaulted) or as JSON with its
    metadata; 415 for anything else."""
    kind = media_type(request)
    if kind not in (TEXT, JSON):
        raise UnsupportedMediaType(f"Send the article as {TEXT} or {JSON}.")
    raw = await read_body(request, settings.ingest_max_request_bytes, "An article request")
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise invalid("body", "not valid UTF-8") from None
    if kind == TEXT:
        fields: object = {"text": decoded}
    else:
        try:
            fields = json.loads(decoded)
        except (ValueError, RecursionError):
            raise invalid("body", "not valid JSON") from None
    try:
        return ArticleText.model_validate(fields)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from None


ArticleTextDep = Annotated[ArticleText, Depends(read_article_text)]

REQUEST_BODY = {
    "required": True,
    "content": {
        TEXT: {
            "schema": {"type": "string", "minLength": 1, "pattern": ARTICLE_TEXT_PATTERN},
            "example": "Talks end without a deal – NEWS WORLD UPDATE\n\n"
            "“We made progress,” Ms Okafor said.",
        },
        JSON: {"schema": ArticleText.model_json_schema()},
    },
}


@router.post(
    "/articles",
    status_code=201,
    response_model=ArticlePublic,
    summary="Ingest an article",
    description="Raw article text in — as `text/plain`, or as JSON with `text` and metadata "
    "(`slug`, `section`, `tags`, `published_at`, …). The headline, site, paragraphs, quotes "
    "and speakers are extracted and stored in one transaction; speakers are merged with those "
    "already known, and the article is indexed for search. An article with the same slug (by "
    "default, from the headline) is replaced: 200 instead of 201.",
    openapi_extra={"requestBody": REQUEST_BODY},
    responses={
        200: {"description": "Replaced an article with the same slug", "model": ArticlePublic},
        201: {"description": "Created", "headers": {"Location": {"schema": {"type": "string"}}}},
        **problem_responses(413, 415, 422),
    },
)
def ingest_article(body: ArticleTextDep, session: SessionDep, request: Request) -> Response:
    article, created = ingest(session, body.text, body)
    stored = articles.get_article(session, ref=str(article.id))
    return json_response(
        ArticlePublic.model_validate(stored),
        status_code=201 if created else 200,
        headers={"Location": str(request.url_for("get_article", id_or_slug=article.slug))},
    )


@router.post(
    "/articles/preview",
    summary="Preview an extraction",
    description="What `POST /admin/articles` would extract from the text — title, site, "
    "paragraphs, quotes with offsets and speakers — without storing anything.",
    openapi_extra={"requestBody": REQUEST_BODY},
    responses=problem_responses(413, 415, 422),
)
def preview_article(body: ArticleTextDep) -> ExtractionPublic:
    return ExtractionPublic.from_extraction(extract_article(body.text))
