"""What schemathesis is told beyond the OpenAPI document (tests/test_schemathesis.py loads
this through SCHEMATHESIS_HOOKS): the query rules OpenAPI 3 cannot state. Each is said in the
parameter's description, and each has its own tests answering 422 (tests/test_errors.py,
tests/test_hostile.py). No check is switched off and no failure is filtered."""

import uuid
from datetime import datetime

import schemathesis

from app.errors import InvalidParameter
from app.search.query import parse_query


@schemathesis.hook
def filter_query(context, query) -> bool:
    if not query:
        return True
    # A cursor is an opaque token the API issues in `next_cursor`, never one a client makes up;
    # and it is "not with `page`".
    if "cursor" in query:
        return False
    # A search needs a word that is not excluded — a Unicode letter or digit, which the
    # regex dialect of OpenAPI (ECMA, ASCII \w) cannot say. The parser decides, as the API does.
    if isinstance(q := query.get("q"), str) and not _searchable(q):
        return False
    after, before = query.get("published_after"), query.get("published_before")
    if isinstance(after, str) and isinstance(before, str):  # "must be later than …"
        try:
            return _instant(before) > _instant(after)
        except ValueError:
            return True  # not dates: schema-invalid, and refused as such
    return True


def _searchable(q: str) -> bool:
    try:
        parse_query(q)
    except InvalidParameter:
        return False
    return True


def _instant(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.astimezone()


@schemathesis.hook
def filter_body(context, body) -> bool:
    # A reply's `parent_id` must name an approved comment of the article: an id the API issued,
    # as a cursor is, not a number a client makes up.
    return not (isinstance(body, dict) and body.get("parent_id") is not None)


@schemathesis.hook
def map_headers(context, headers):
    # An Idempotency-Key names one request: a client makes a new one for each, and reusing one
    # for another body is refused (422) by design.
    for name in list(headers or {}):
        if name.lower() == "idempotency-key":
            headers[name] = str(uuid.uuid4())
    return headers
