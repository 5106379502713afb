"""`/quotes`: every quote across articles."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.caching import PublicContent
from app.deps import ReadSessionDep
from app.problems import problem_responses
from app.routes.paging import page_of
from app.schemas.page import Page
from app.schemas.query import QuoteQuery
from app.schemas.quote import QuotePublic
from app.services import quotes

router = APIRouter(prefix="/quotes", tags=["quotes"], dependencies=[PublicContent])


@router.get(
    "",
    response_model=Page[QuotePublic],
    summary="List quotes",
    description="Quotes with their speakers and article, newest article first and in reading "
    "order within an article. Filter by `speaker` (slug) and `article` (id or slug).",
    responses=problem_responses(422),
)
def list_quotes(
    query: Annotated[QuoteQuery, Query()],
    session: ReadSessionDep,
    request: Request,
) -> Response:
    result = quotes.list_quotes(
        session, filters=query.filters(), page=query.page_request(query.order)
    )
    return page_of(result, QuotePublic.model_validate, request=request)
