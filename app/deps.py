"""FastAPI dependencies and parameters shared by the routes."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.exceptions import RequestValidationError
from sqlmodel import Session

from app.config import Settings
from app.db import iter_session
from app.schemas.bundle import SLUG_PATTERN


def get_session(request: Request) -> Iterator[Session]:
    """A database session for this request, on the app's engine."""
    yield from iter_session(request.app.state.engine)


def app_settings(request: Request) -> Settings:
    """The settings this app was built with (tests build apps with their own)."""
    return request.app.state.settings


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(app_settings)]

IdOrSlug = Annotated[
    str,
    Path(
        max_length=200,
        pattern=SLUG_PATTERN,  # an id is a slug of digits
        description="Numeric id or slug.",
        examples=["us-russia-frank-talks-on-ukraine"],
    ),
]


def reject_repeated_parameters(request: Request) -> None:
    """`?section=world&section=sport` is refused: taking either value silently would be a
    guess. (No parameter of this API takes several values.)"""
    seen: set[str] = set()
    errors = []
    for name, _value in request.query_params.multi_items():
        if name in seen:
            errors.append(
                {"loc": ("query", name), "msg": "given more than once", "type": "repeated"}
            )
        seen.add(name)
    if errors:
        raise RequestValidationError(errors)
