"""Domain errors. Services raise these; `app.problems` maps them to HTTP in one place."""


class NewsdeskError(Exception):
    """Base of every error a client can cause. Carries what an RFC 9457 problem needs."""

    status = 400
    title = "Bad request"
    type_slug = "bad-request"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


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

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason
