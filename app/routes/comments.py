"""Reader comments: the "Leave a Reply" form as an API, and the published thread."""

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Request, Response

from app.caching import PublicContent
from app.config import Settings
from app.deps import ClientDep, IdOrSlug, ReadSessionDep, SessionDep, SettingsDep
from app.models import Comment
from app.problems import problem_responses
from app.routes.forms import COMMENT_REQUEST_BODY, CommentFormDep
from app.routes.paging import page_of
from app.routes.responses import json_response
from app.schemas.comment import CommentPublic, CommentReceipt, CommentThread
from app.schemas.page import Page
from app.schemas.query import PageQuery
from app.services import comments, submission
from app.services.comments import CommentNode
from app.services.moderation import CommentRules
from app.services.submission import Answer, Idempotency, Submission

router = APIRouter(tags=["comments"])

_LOCATION = {"description": "The comment's URL.", "schema": {"type": "string"}}
# OpenAPI links: the comment just created can be read back (stateful clients and testers
# follow them). A held comment reads as 404 until a moderator approves it.
_READ_IT = {
    "GetComment": {
        "operationId": "get_comment",
        "parameters": {"comment_id": "$response.body#/id"},
    }
}
CommentId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The comment's id.", examples=[12])]


def rules_from(settings: Settings) -> CommentRules:
    return CommentRules(
        flood_seconds=settings.comments_flood_seconds,
        auto_approve=settings.comments_auto_approve,
        max_links=settings.comments_max_links,
        moderation_keys=tuple(settings.comments_moderation_keys),
        disallowed_keys=tuple(settings.comments_disallowed_keys),
        max_depth=settings.comments_max_depth,
    )


@router.post(
    "/articles/{id_or_slug}/comments",
    summary="Leave a reply",
    description="Submit a comment as JSON or as an HTML form (`application/x-www-form-urlencoded`)."
    " **201** when it is published at once, **202** when it is held for moderation; both with "
    "`Location`. The email address is required and never published. Protections: a duplicate "
    "is 409; a second comment from the same IP address or email within the flood interval is "
    "429 with `Retry-After`; links, first-time commenters and listed words hold a comment; "
    "a filled honeypot field or a disallowed word makes it spam, silently. Send an "
    "`Idempotency-Key` header to make retries safe: a retry gets the first answer again.",
    status_code=201,
    response_model=CommentReceipt,
    responses={
        201: {"description": "Published", "headers": {"Location": _LOCATION}, "links": _READ_IT},
        202: {
            "model": CommentReceipt,
            "description": "Held for moderation",
            "headers": {"Location": _LOCATION},
            "links": _READ_IT,
        },
        **problem_responses(403, 404, 409, 413, 415, 422, 429, 503),
    },
    openapi_extra={"requestBody": COMMENT_REQUEST_BODY},
)
def submit_comment(
    id_or_slug: IdOrSlug,
    form: CommentFormDep,
    session: SessionDep,
    settings: SettingsDep,
    client: ClientDep,
    request: Request,
    idempotency_key: Annotated[
        str | None,
        Header(max_length=255, description="Any unique string; retries reuse it."),
    ] = None,
) -> Response:
    def answer(comment: Comment) -> Answer:
        receipt = CommentReceipt.from_table(comment)
        location = str(request.url_for("get_comment", comment_id=comment.id))
        status = 201 if receipt.status == "approved" else 202
        return Answer(status, [("Location", location)], receipt.model_dump_json())

    submitted = Submission(
        article_ref=id_or_slug,
        data=form.data,
        honeypot_filled=form.honeypot_filled,
        client=client,
        idempotency=Idempotency(idempotency_key, form.fingerprint, settings.idempotency_ttl)
        if idempotency_key
        else None,
    )
    result = submission.submit_comment(
        session, submitted, rules=rules_from(settings), answer=answer
    )
    return Response(
        result.body,
        status_code=result.status_code,
        headers=dict(result.headers),
        media_type="application/json",
    )


@router.get(
    "/articles/{id_or_slug}/comments",
    dependencies=[PublicContent],  # on the reads only: posting reads no public content
    response_model=Page[CommentThread],
    summary="Read the comments",
    description="Published comments, oldest first, as threads: each page holds top comments, "
    "each with its published replies nested under `replies`.",
    responses=problem_responses(404, 422),
)
def list_comments(
    id_or_slug: IdOrSlug,
    query: Annotated[PageQuery, Query()],
    session: ReadSessionDep,
    request: Request,
) -> Response:
    result = comments.comment_thread(
        session, article_ref=id_or_slug, page=query.page_request(comments.THREAD_ORDER)
    )
    return page_of(result, _thread, request=request)


def _thread(node: CommentNode) -> CommentThread:
    return CommentThread(
        **CommentPublic.fields_of(node.comment), replies=[_thread(r) for r in node.replies]
    )


@router.get(
    "/comments/{comment_id}",
    dependencies=[PublicContent],
    operation_id="get_comment",  # the target of the links from "Leave a reply"
    response_model=CommentPublic,
    summary="Get a comment",
    description="A published comment. A held, spam or trashed one is 404, like one that never "
    "existed.",
    responses=problem_responses(404, 422),
)
def get_comment(comment_id: CommentId, session: ReadSessionDep) -> Response:
    comment = comments.get_approved_comment(session, comment_id=comment_id)
    return json_response(CommentPublic.from_table(comment))
