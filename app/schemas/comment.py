"""Comment schemas. Public ones are built field by field from the table: none of them has a
field for the email address, IP address or user agent, so none can leak them."""

from datetime import datetime
from typing import Annotated, Self
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from app.models import Comment, CommentStatus
from app.services.render import body_html, body_text


def _max_bytes(limit: int):  # type: ignore[no-untyped-def]
    """WordPress limits fields in bytes of UTF-8, not characters."""

    def check(value: str | None) -> str | None:
        if value is not None and len(value.encode()) > limit:
            raise ValueError(f"at most {limit} bytes")
        return value

    return AfterValidator(check)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


# Text with something in it: checked by `_not_blank`, and said in OpenAPI as a pattern.
NotBlank = Annotated[
    str,
    AfterValidator(_not_blank),
    Field(json_schema_extra={"pattern": r"^[^\x00]*[^\s\x00][^\x00]*$"}),
]


# What `http_url` accepts, as OpenAPI can say it: http(s), a host, no spaces, controls or
# brackets (RFC 3986 allows "[" and "]" only around an IPv6 host, which a website is not).
HTTP_URL_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#@\[\]\x00-\x1f\x7f]+[^\s\[\]\x00-\x1f\x7f]*$"


def http_url(value: str | None) -> str | None:
    """An http(s) address with a host, or None for an empty box. No control characters: the
    address goes into HTML attributes and XML feeds."""
    if value is None or not value.strip():
        return None  # an empty Website box
    try:
        parts = urlsplit(value.strip())
    except ValueError:  # "Invalid IPv6 URL" and the like
        raise ValueError("must be an http:// or https:// address") from None
    if "[" in value or "]" in value:
        raise ValueError("must be an http:// or https:// address")
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an http:// or https:// address")
    if any(ord(c) < 32 or ord(c) == 127 for c in value.strip()):
        raise ValueError("must not contain control characters")
    return value.strip()


def _email(value: str) -> str:
    """An address as RFC 5322 and the OpenAPI `email` format have it, with a dotted domain.
    Not whether mail would reach it: the address is never written to, and `.test` or
    `.example` domains are addresses too."""
    try:
        checked = validate_email(
            value, check_deliverability=False, globally_deliverable=False, test_environment=True
        )
    except EmailNotValidError as exc:
        raise ValueError(f"value is not a valid email address: {exc}") from None
    if "." not in checked.domain:
        raise ValueError("value is not a valid email address: the domain needs a dot")
    return checked.normalized


def _empty_is_none(value: object) -> object:
    # A form has no null: an empty box, or the word itself as form encoders write it.
    return None if value in ("", "null") else value


class CommentCreate(BaseModel):
    """What a reader submits. Anything else sent along (`id`, `status`, `ip`, dates…) is
    ignored: the server decides those."""

    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={
            "examples": [
                {
                    "body": "Frank talks are better than no talks.",
                    "author_name": "Ada",
                    "author_email": "ada@example.org",
                    "author_url": "https://example.org",
                }
            ]
        },
    )

    body: Annotated[NotBlank, _max_bytes(65525)] = Field(
        description="The comment. Plain text; a little HTML (links, emphasis) is kept, safely."
    )
    author_name: Annotated[NotBlank, _max_bytes(245)]
    author_email: Annotated[str, AfterValidator(_email), _max_bytes(100)] = Field(
        description="Required, never published.",
        json_schema_extra={"format": "email"},
    )
    author_url: Annotated[
        str | None, BeforeValidator(_empty_is_none), AfterValidator(http_url), _max_bytes(200)
    ] = Field(
        default=None,
        description="The commenter's website: http or https only. Empty means none.",
        json_schema_extra={"pattern": r"^\s*$|^\s*" + HTTP_URL_PATTERN[1:-1] + r"\s*$"},
    )
    parent_id: Annotated[int | None, BeforeValidator(_empty_is_none)] = Field(
        default=None, ge=1, le=2**31 - 1, description="The approved comment this replies to."
    )


class CommentPublic(BaseModel):
    id: int = Field(examples=[12])
    parent_id: int | None = Field(examples=[None])
    author_name: str = Field(examples=["Ada"])
    author_url: str | None = Field(examples=["https://example.org"])
    body_html: str = Field(
        description="Sanitised HTML, safe to insert into a page.",
        examples=["<p>Frank talks are better than no talks.</p>"],
    )
    body_text: str = Field(
        description="The body as plain text.", examples=["Frank talks are better than no talks."]
    )
    created_at: datetime = Field(examples=["2022-01-21T19:04:00Z"])

    @classmethod
    def fields_of(cls, comment: Comment) -> dict[str, object]:
        return {
            "id": comment.id,
            "parent_id": comment.parent_id,
            "author_name": comment.author_name,
            "author_url": comment.author_url,
            "body_html": body_html(comment.body),
            "body_text": body_text(comment.body),
            "created_at": comment.created_at,
        }

    @classmethod
    def from_table(cls, comment: Comment) -> Self:
        return cls(**cls.fields_of(comment))


class CommentReceipt(CommentPublic):
    """The answer to a submission: the comment as it will be shown, and whether it is yet."""

    status: CommentStatus = Field(
        description="`approved`: published now (201). `pending`: held for moderation (202)."
    )

    @classmethod
    def from_table(cls, comment: Comment) -> Self:
        # Spam is never announced to its sender: it looks held like any other.
        shown = CommentStatus.approved if comment.status == "approved" else CommentStatus.pending
        return cls(**cls.fields_of(comment), status=shown)


class CommentThread(CommentPublic):
    replies: list["CommentThread"] = Field(description="Approved replies, oldest first.")


class CommentAdmin(BaseModel):
    """The moderator's view: everything, private fields included."""

    id: int = Field(examples=[12])
    article_id: int = Field(examples=[1])
    parent_id: int | None = Field(examples=[None])
    depth: int = Field(examples=[0])
    status: CommentStatus = Field(examples=["pending"])
    body: str = Field(examples=["Frank talks are better than no talks."])
    author_name: str = Field(examples=["Ada"])
    author_email: str = Field(examples=["ada@example.org"])
    author_url: str | None = Field(examples=["https://example.org"])
    author_ip: str | None = Field(examples=["203.0.113.7"])
    user_agent: str | None = Field(examples=["Mozilla/5.0"])
    created_at: datetime = Field(examples=["2022-01-21T19:04:00Z"])
    updated_at: datetime = Field(examples=["2022-01-21T19:10:00Z"])

    @classmethod
    def from_table(cls, comment: Comment) -> Self:
        return cls(**{name: getattr(comment, name) for name in cls.model_fields})


class CommentUpdate(BaseModel):
    """A moderation action: a new status, a corrected body, or both."""

    model_config = ConfigDict(extra="forbid")

    status: CommentStatus | None = Field(default=None, examples=["approved"])
    body: Annotated[NotBlank, _max_bytes(65525)] | None = Field(
        default=None, examples=["Frank talks beat no talks."]
    )
