"""The one interface every search backend implements."""

import html
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select
from sqlmodel import Session

from app.search.query import SearchQuery

# Private-use characters mark matches inside the database's snippet; no news text contains
# them, so the text around them can be escaped first and the marks turned into <mark> after.
MARK_START, MARK_END = "\ue000", "\ue001"


def safe_snippet(raw: str) -> str:
    """A database snippet as HTML: everything escaped except the <mark> around matches."""
    escaped = html.escape(raw.replace("\n", " "), quote=False)
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


class SearchBackend(ABC):
    """Full-text matching, ranking and snippets for one database engine.

    `match_*` return `SELECT id, score` over the matching rows (higher score = more relevant),
    for callers to join, filter, order and page. Snippets are asked for only for the page shown:
    they are the expensive part.
    """

    @abstractmethod
    def match_articles(self, query: SearchQuery) -> Select[Any]: ...

    @abstractmethod
    def match_quotes(self, query: SearchQuery) -> Select[Any]: ...

    @abstractmethod
    def article_snippets(
        self, session: Session, query: SearchQuery, ids: Sequence[int]
    ) -> dict[int, str]: ...

    @abstractmethod
    def quote_snippets(
        self, session: Session, query: SearchQuery, ids: Sequence[int]
    ) -> dict[int, str]: ...
