"""SQLite FTS5: BM25 ranking, snippet() highlighting."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, Integer, MetaData, Select, Table, Text, func, literal_column, select
from sqlmodel import Session

from app.search.base import MARK_END, MARK_START, SearchBackend, safe_snippet
from app.search.query import SearchQuery, Term

_fts = MetaData()  # the FTS5 tables are made by the migrations, not by SQLModel.metadata
article_fts = Table(
    "article_fts",
    _fts,
    Column("rowid", Integer),
    Column("title", Text),
    Column("standfirst", Text),
    Column("body", Text),
)
quote_fts = Table("quote_fts", _fts, Column("rowid", Integer), Column("text", Text))

# bm25 column weights: a match in the title counts ten times one in the body.
ARTICLE_WEIGHTS = (10.0, 4.0, 1.0)  # title, standfirst, body
QUOTE_WEIGHTS = (1.0, 2.0)  # text, speaker names
SNIPPET_TOKENS = 24


def compile_fts5(query: SearchQuery) -> str:
    """Our query tree as an FTS5 MATCH expression. Every word is a quoted string, so no user
    input is ever read as FTS5 syntax."""

    def term(t: Term) -> str:
        phrase = '"' + " ".join(t.words) + '"'
        return phrase + " *" if t.prefix else phrase

    def any_of(terms: Sequence[Term]) -> str:
        return term(terms[0]) if len(terms) == 1 else "(" + " OR ".join(map(term, terms)) + ")"

    expression = " AND ".join(any_of(group) for group in query.groups)
    if query.excluded:
        expression = f"({expression}) NOT {any_of(query.excluded)}"
    return expression


class SQLiteSearch(SearchBackend):
    def _match(self, table: Table, weights: Sequence[float], query: SearchQuery) -> Select[Any]:
        name = literal_column(table.name)
        return select(table.c.rowid.label("id"), (-func.bm25(name, *weights)).label("score")).where(
            name.op("MATCH")(compile_fts5(query))
        )

    def match_articles(self, query: SearchQuery) -> Select[Any]:
        return self._match(article_fts, ARTICLE_WEIGHTS, query)

    def match_quotes(self, query: SearchQuery) -> Select[Any]:
        return self._match(quote_fts, QUOTE_WEIGHTS, query)

    def _snippets(
        self, session: Session, table: Table, column: int, query: SearchQuery, ids: Sequence[int]
    ) -> dict[int, str]:
        if not ids:
            return {}
        name = literal_column(table.name)
        snippet = func.snippet(name, column, MARK_START, MARK_END, "…", SNIPPET_TOKENS)
        rows = session.execute(
            select(table.c.rowid, snippet)
            .where(name.op("MATCH")(compile_fts5(query)))
            .where(table.c.rowid.in_(ids))
        )
        return {row_id: safe_snippet(raw) for row_id, raw in rows}

    def article_snippets(
        self, session: Session, query: SearchQuery, ids: Sequence[int]
    ) -> dict[int, str]:
        return self._snippets(session, article_fts, -1, query, ids)  # -1: the best column

    def quote_snippets(
        self, session: Session, query: SearchQuery, ids: Sequence[int]
    ) -> dict[int, str]:
        return self._snippets(session, quote_fts, 0, query, ids)  # the text, not the names
