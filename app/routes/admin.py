"""`/admin`: the moderation queue. Every route needs the admin bearer token."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from app.deps import SessionDep, require_admin
from app.problems import problem_responses
from app.routes.comments import CommentId
from app.routes.paging import page_of
from app.routes.responses import json_response
from app.schemas.comment import CommentAdmin, CommentUpdate
from app.schemas.page import Page
from app.schemas.query import ModerationQuery
from app.services import comments

router = APIRouter(
    prefix="/admin",
    tags=["admin"],
    dependencies=[Depends(require_admin)],
    responses=problem_responses(401, 403),
)


@router.get(
    "/comments",
    response_model=Page[CommentAdmin],
    summary="Moderation queue",
    description="Comments of every status, newest first, with the private fields (email, IP "
    "address, user agent). Filter by `status` and `article`.",
    responses=problem_responses(404, 422),
)
def moderation_queue(
    query: Annotated[ModerationQuery, Query()],
    session: SessionDep,
    request: Request,
) -> Response:
    result = comments.moderation_queue(
        session,
        status=query.status,
        article_ref=query.article,
        page=query.page_request(comments.QUEUE_ORDER),
    )
    return page_of(result, CommentAdmin.from_table, request=request)


@router.get(
    "/comments/{comment_id}",
    name="admin_get_comment",  # "get_comment" is the public route, which Location names
    response_model=CommentAdmin,
    summary="Get any comment",
    description="A comment of any status, with its private fields.",
    responses=problem_responses(404, 422),
)
def get_comment(comment_id: CommentId, session: SessionDep) -> Response:
    comment = comments.get_comment(session, comment_id=comment_id)
    return json_response(CommentAdmin.from_table(comment))


@router.patch(
    "/comments/{comment_id}",
    response_model=CommentAdmin,
    summary="Moderate a comment",
    description="Set `status` (`approved` publishes, `pending` holds, `spam`, `trash`) and/or "
    "correct the `body`. Restoring a comment from the trash while a copy of it is live is 409.",
    responses=problem_responses(404, 409, 422),
)
def moderate_comment(comment_id: CommentId, update: CommentUpdate, session: SessionDep) -> Response:
    comment = comments.moderate(
        session, comment_id=comment_id, status=update.status, body=update.body
    )
    return json_response(CommentAdmin.from_table(comment))


@router.delete(
    "/comments/{comment_id}",
    summary="Delete a comment",
    description="Deletes the comment for good, with its replies.",
    status_code=204,
    responses=problem_responses(404, 422),
)
def delete_comment(comment_id: CommentId, session: SessionDep) -> Response:
    comments.delete_comment(session, comment_id=comment_id)
    return Response(status_code=204)
