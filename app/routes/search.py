"""`/search`: ranked full-text search across articles and quotes."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.caching import PublicContent
from app.deps import ReadSessionDep, SettingsDep
from app.problems import problem_responses
from app.routes.paging import page_of
from app.schemas.page import Page
from app.schemas.query import QUERY_SYNTAX, SearchParams
from app.schemas.search import SearchHitPublic
from app.services import search

router = APIRouter(tags=["search"], dependencies=[PublicContent])


@router.get(
    "/search",
    response_model=Page[SearchHitPublic],
    summary="Search articles and quotes",
    description="Ranked hits across articles and quotes (BM25 on SQLite, ts_rank_cd on "
    "PostgreSQL; a title match outweighs a body match), each with a highlighted snippet. "
    f"Query syntax: {QUERY_SYNTAX} A speaker's name finds their quotes. Combine with the "
    "article filters; `type` keeps one kind of hit. Matches are counted up to a limit "
    "(`meta.total_capped` says when there are more).",
    responses=problem_responses(422),
)
def search_all(
    params: Annotated[SearchParams, Query()],
    session: ReadSessionDep,
    settings: SettingsDep,
    request: Request,
) -> Response:
    result = search.search(
        session,
        query=params.query(),
        filters=params.article_filters(),
        types=params.types(),
        order=params.order,
        page=params.page,
        per_page=params.per_page,
        rank_window=settings.search_rank_window or None,
        count_limit=settings.search_count_limit or None,
    )
    return page_of(result, SearchHitPublic.model_validate, request=request)
