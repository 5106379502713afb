"""`/speakers`: the people and organisations quoted."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.caching import PublicContent
from app.deps import IdOrSlug, ReadSessionDep
from app.problems import problem_responses
from app.routes.paging import page_of
from app.routes.responses import json_response
from app.schemas.page import Page
from app.schemas.query import PageQuery
from app.schemas.speaker import SpeakerPublic, SpeakerSummary
from app.services import speakers

router = APIRouter(prefix="/speakers", tags=["speakers"], dependencies=[PublicContent])

# The detail view embeds this many recent quotes; `/quotes?speaker=` pages through the rest.
RECENT_QUOTES = 50


@router.get(
    "",
    response_model=Page[SpeakerSummary],
    summary="List speakers",
    description="Everyone named in the articles, alphabetically, with their quote counts.",
    responses=problem_responses(422),
)
def list_speakers(
    query: Annotated[PageQuery, Query()],
    session: ReadSessionDep,
    request: Request,
) -> Response:
    result = speakers.list_speakers(session, page=query.page_request(speakers.SPEAKER_ORDER))
    return page_of(result, SpeakerSummary.model_validate, request=request)


@router.get(
    "/{id_or_slug}",
    response_model=SpeakerPublic,
    summary="Get a speaker",
    description="A speaker with their most recent quotes across all articles.",
    responses=problem_responses(404, 422),
)
def get_speaker(
    id_or_slug: IdOrSlug,
    session: ReadSessionDep,
) -> Response:
    found = speakers.get_speaker(session, ref=id_or_slug, quotes_limit=RECENT_QUOTES)
    return json_response(SpeakerPublic.model_validate(found))
