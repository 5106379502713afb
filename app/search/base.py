"""The one interface every search backend implements."""

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select

from app.search.query import SearchQuery


class SearchBackend(ABC):
    """Full-text matching, ranking and snippets for one database engine.

    `match_*` return `SELECT id, score` over the matching rows (higher score = more relevant)
    that also satisfy `conditions` (on `Article`, and for quotes on `Quote`, both joinable).
    With `window`, only the `window` most recently stored matches are returned — and scored:
    scoring is the part of a search whose cost grows with the number of matches.

    The query reaches the database as one bind parameter named `match`, so a statement built
    for one query can be run for another with `params(query)`.
    """

    @abstractmethod
    def params(self, query: SearchQuery) -> dict[str, Any]:
        """The bind parameters that carry `query` into a statement built for another."""

    @abstractmethod
    def match_articles(
        self, query: SearchQuery, *, conditions: Sequence[Any] = (), window: int | None = None
    ) -> Select[Any]: ...

    @abstractmethod
    def match_quotes(
        self, query: SearchQuery, *, conditions: Sequence[Any] = (), window: int | None = None
    ) -> Select[Any]: ...
