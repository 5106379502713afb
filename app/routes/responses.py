"""Routes answer with bytes they encode themselves.

A plain `def` route runs in a worker thread, holding its database connection until its
session closes. If it returned a model, FastAPI would validate that model again in a second
hop to a worker thread, after the route, with the connection still held: once every thread
waits for a connection and every connection waits for a thread, the server stalls until the
pool gives up (with one connection per thread, sixteen concurrent ingests did exactly that).
So every route that holds a session returns a `Response`, declaring its model as
`response_model` for the docs; `tests/test_server.py` checks that none forgets.
"""

from fastapi import Response
from pydantic import BaseModel


def json_response(
    model: BaseModel, *, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """`model` as JSON, ready to send."""
    body = model.__pydantic_serializer__.to_json(model)
    return Response(body, status_code, headers, media_type="application/json")
