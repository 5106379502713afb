"""Full-text search: a query language (`query`), one interface (`base`), two engines."""

from sqlmodel import Session

from app.search.base import SearchBackend
from app.search.postgres import PostgresSearch
from app.search.query import SearchQuery, parse_query
from app.search.sqlite import SQLiteSearch

_BACKENDS: dict[str, SearchBackend] = {"sqlite": SQLiteSearch(), "postgresql": PostgresSearch()}


def backend_for(session: Session) -> SearchBackend:
    """The search backend for the database this session talks to."""
    return _BACKENDS[session.get_bind().dialect.name]


__all__ = ["SearchBackend", "SearchQuery", "backend_for", "parse_query"]
