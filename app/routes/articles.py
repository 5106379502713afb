"""`/articles`: list and detail."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.caching import PublicContent
from app.deps import IdOrSlug, ReadSessionDep
from app.problems import problem_responses
from app.routes.paging import page_of
from app.routes.responses import json_response
from app.schemas.article import ArticlePublic, ArticleSummary
from app.schemas.page import Page
from app.schemas.query import ArticleQuery
from app.services import articles

router = APIRouter(prefix="/articles", tags=["articles"], dependencies=[PublicContent])


@router.get(
    "",
    response_model=Page[ArticleSummary],
    summary="List articles",
    description="Article summaries (no body), newest first, filtered and paginated. Page with "
    "`page` or walk with `cursor`; `Link` and `X-Total-Count` headers repeat `links` and "
    "`meta.total`.",
    responses=problem_responses(422),
)
def list_articles(
    query: Annotated[ArticleQuery, Query()],
    session: ReadSessionDep,
    request: Request,
) -> Response:
    result = articles.list_articles(
        session, filters=query.filters(), page=query.page_request(query.order)
    )
    return page_of(result, ArticleSummary.model_validate, request=request)


@router.get(
    "/{id_or_slug}",
    response_model=ArticlePublic,
    summary="Get an article",
    description="The whole article: paragraphs, every quote with its exact position "
    "(`paragraphs[paragraph][start:end] == text`) and speakers, and every speaker it names.",
    responses=problem_responses(404, 422),
)
def get_article(id_or_slug: IdOrSlug, session: ReadSessionDep) -> Response:
    article = articles.get_article(session, ref=id_or_slug)
    return json_response(ArticlePublic.model_validate(article))
