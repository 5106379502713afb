"""Domain errors. Services raise these; `app.problems` maps them to HTTP in one place."""


class NewsdeskError(Exception):
    """Base of every error a client can cause. Carries what an RFC 9457 problem needs."""

    status = 400
    title = "Bad request"
    type_slug = "bad-request"

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers


class NotFound(NewsdeskError):
    status = 404
    title = "Not Found"
    type_slug = "not-found"

    def __init__(self, kind: str, ref: object) -> None:
        super().__init__(f"No {kind} with id or slug {ref!r}.")
        self.kind = kind


class InvalidParameter(NewsdeskError):
    """A parameter that passed type validation but makes no sense (a forged cursor, say)."""

    status = 422
    title = "Invalid parameter"
    type_slug = "invalid-parameter"

    def __init__(self, name: str, reason: str, *, location: str = "query") -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason
        self.location = location


class Forbidden(NewsdeskError):
    status = 403
    title = "Forbidden"
    type_slug = "forbidden"


class Unauthorized(NewsdeskError):
    status = 401
    title = "Unauthorized"
    type_slug = "unauthorized"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


class Conflict(NewsdeskError):
    """The request repeats something already there; `existing` names it."""

    status = 409
    title = "Conflict"
    type_slug = "conflict"

    def __init__(self, detail: str, *, existing: str | None = None) -> None:
        super().__init__(detail)
        self.existing = existing


class TooManyRequests(NewsdeskError):
    status = 429
    title = "Too Many Requests"
    type_slug = "too-many-requests"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after)})
        self.retry_after = retry_after


class UnsupportedMediaType(NewsdeskError):
    status = 415
    title = "Unsupported Media Type"
    type_slug = "unsupported-media-type"


class ContentTooLarge(NewsdeskError):
    status = 413
    title = "Content Too Large"
    type_slug = "content-too-large"
