"""Page-number and keyset (cursor) pagination over any SELECT.

Page numbers are what people expect (`?page=3`); cursors are what a client walking the whole
collection should use, because a cursor seeks straight to its position through the sort index
instead of counting past every earlier row.
"""

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlmodel import Session

from app.errors import InvalidParameter
from app.services.lookup import MAX_ID

T = TypeVar("T")


class Order(StrEnum):
    newest = "newest"
    oldest = "oldest"


def _parse_int(value: Any) -> int:
    # bool is an int in Python, and JSON floats or huge integers must not reach the database.
    if type(value) is not int or not 0 <= value <= MAX_ID:
        raise ValueError("not a non-negative 32-bit integer")
    return value


def _parse_aware(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("cursor datetime without a time zone")
    return parsed.astimezone(UTC)  # raises OverflowError at the edges of the calendar


def _parse_text(value: Any) -> str:
    if not isinstance(value, str) or "\x00" in value:
        raise ValueError("not a text value")
    return value


@dataclass(frozen=True)
class SortKey:
    """One column of a sort order, how to read it off a result row, how it travels in a cursor."""

    column: Any
    descending: bool
    value: Callable[[Any], Any] | None = None  # default: the row attribute named like the column
    parse: Callable[[Any], Any] = _parse_int
    dump: Callable[[Any], Any] = lambda value: value

    def of(self, row: Any) -> Any:
        return self.value(row) if self.value else getattr(row, self.column.key)


def text_key(column: Any, *, descending: bool) -> SortKey:
    return SortKey(column, descending, parse=_parse_text)


def datetime_key(
    column: Any, *, descending: bool, value: Callable[[Any], Any] | None = None
) -> SortKey:
    return SortKey(column, descending, value, parse=_parse_aware, dump=datetime.isoformat)


@dataclass(frozen=True)
class PageRequest:
    per_page: int
    page: int | None = None
    cursor: str | None = None
    order: str = Order.newest


@dataclass(frozen=True)
class PageResult(Generic[T]):
    items: list[T]
    total: int
    request: PageRequest
    next_cursor: str | None
    total_capped: bool = False  # counting stopped at `total`: there are more

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))


def paginate(
    session: Session,
    stmt: Select[Any],
    *,
    keys: Sequence[SortKey],
    request: PageRequest,
    counted: Select[Any] | None = None,
) -> PageResult[Any]:
    """Run `stmt` for one page, sorted by `keys`, with the total count: the rows of `counted`
    when given (the same rows, found more cheaply), else of `stmt`."""
    counted = (stmt if counted is None else counted).order_by(None)
    total = session.scalar(select(func.count()).select_from(counted.subquery())) or 0
    ordered = stmt.order_by(*(k.column.desc() if k.descending else k.column.asc() for k in keys))
    if request.cursor is not None:
        values = decode_cursor(request.cursor, keys=keys, order=request.order)
        ordered = ordered.where(_after(keys, values))
    else:
        ordered = ordered.offset(((request.page or 1) - 1) * request.per_page)
    # One row more than asked tells whether a next page exists without a second query.
    rows = list(session.exec(ordered.limit(request.per_page + 1)).all())
    items, more = rows[: request.per_page], len(rows) > request.per_page
    next_cursor = (
        encode_cursor([k.of(items[-1]) for k in keys], keys=keys, order=request.order)
        if more
        else None
    )
    return PageResult(items=items, total=total, request=request, next_cursor=next_cursor)


def _after(keys: Sequence[SortKey], values: Sequence[Any]) -> ColumnElement[bool]:
    """Rows strictly after `values` in the order of `keys`, whatever mix of directions.

    (k1 > v1) OR (k1 = v1 AND k2 > v2) OR … — written out rather than as a row-value comparison
    because the directions may differ between columns.
    """
    clauses = []
    for i, key in enumerate(keys):
        beyond = key.column < values[i] if key.descending else key.column > values[i]
        equal_before = [keys[j].column == values[j] for j in range(i)]
        clauses.append(and_(*equal_before, beyond))
    return or_(*clauses)


def encode_cursor(values: Sequence[Any], *, keys: Sequence[SortKey], order: str) -> str:
    payload = {"o": str(order), "v": [k.dump(v) for k, v in zip(keys, values, strict=True)]}
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, *, keys: Sequence[SortKey], order: str) -> list[Any]:
    """The sort values inside a cursor; any tampering is an `InvalidParameter`, never a 500."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw)
        values = payload["v"]
        if not isinstance(values, list) or len(values) != len(keys):
            raise ValueError("wrong number of values")
        parsed = [k.parse(v) for k, v in zip(keys, values, strict=True)]
        cursor_order = payload["o"]
    except (binascii.Error, ValueError, KeyError, TypeError, OverflowError) as exc:
        raise InvalidParameter("cursor", "not a cursor this API issued") from exc
    if cursor_order != order:
        raise InvalidParameter("cursor", f"this cursor belongs to order={cursor_order}")
    return parsed
