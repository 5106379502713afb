"""Reading a comment submission: JSON or an HTML form, size-limited while it streams in."""

import hashlib
import json
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from app.deps import SettingsDep
from app.errors import ContentTooLarge, UnsupportedMediaType
from app.schemas.comment import CommentCreate

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


@dataclass(frozen=True)
class CommentForm:
    data: CommentCreate
    honeypot_filled: bool
    fingerprint: str  # of method, path and body: tells an Idempotency-Key's retries from misuse


def media_type(request: Request) -> str:
    """The request's media type, without parameters: `text/plain; charset=utf-8` → text/plain."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def read_body(request: Request, limit: int, what: str = "A comment request") -> bytes:
    """The request body, refused with 413 as soon as it is known to exceed `limit` — from its
    Content-Length before reading anything, or while it streams in."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ContentTooLarge(f"{what} may be at most {limit} bytes.")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ContentTooLarge(f"{what} may be at most {limit} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def invalid(name: str, reason: str) -> RequestValidationError:
    return RequestValidationError([{"loc": ("body", name), "msg": reason, "type": "value_error"}])


def _fields(raw: bytes, media_type: str) -> dict[str, Any]:
    if media_type == JSON:
        try:
            fields = json.loads(raw)
        except (ValueError, RecursionError):  # bad UTF-8 or JSON, absurd nesting or numbers
            raise invalid("body", "not valid JSON") from None
        if not isinstance(fields, dict):
            raise invalid("body", "must be a JSON object")
        return fields
    try:
        # strict: a percent-escape that is not UTF-8 is refused, not turned into U+FFFD.
        parsed = parse_qs(
            raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False, errors="strict"
        )
    except UnicodeDecodeError:
        raise invalid("body", "not valid UTF-8") from None
    known = CommentCreate.model_fields.keys()
    for name, values in parsed.items():
        if len(values) > 1 and name in known:
            raise invalid(name, "given more than once")  # which one did they mean?
    # Anything else a form sends along (a submit button, a theme's own fields) is ignored.
    return {name: values[0] for name, values in parsed.items()}


async def read_form(request: Request, settings: SettingsDep) -> CommentForm:
    """The comment a reader submitted, validated; 415 for any other content type."""
    kind = media_type(request)
    if kind not in (JSON, FORM):
        raise UnsupportedMediaType(f"Send the comment as {JSON} or {FORM}.")
    raw = await read_body(request, settings.comments_max_request_bytes)
    fields = _fields(raw, kind)
    for name in CommentCreate.model_fields:  # the fields we keep; the rest is ignored
        if isinstance(value := fields.get(name), str) and "\x00" in value:
            raise invalid(name, "must not contain NUL characters")
    try:
        data = CommentCreate.model_validate(fields)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from None
    honeypot = fields.get(settings.comments_honeypot_field)
    return CommentForm(
        data=data,
        honeypot_filled=bool(honeypot.strip()) if isinstance(honeypot, str) else bool(honeypot),
        fingerprint=hashlib.sha256(
            f"{request.method} {request.url.path}\n".encode() + raw
        ).hexdigest(),
    )


CommentFormDep = Annotated[CommentForm, Depends(read_form)]

# The request body as OpenAPI shows it: the route reads it itself, in either encoding.
COMMENT_REQUEST_BODY = {
    "required": True,
    "content": {
        JSON: {"schema": CommentCreate.model_json_schema()},
        FORM: {"schema": CommentCreate.model_json_schema()},
    },
}
