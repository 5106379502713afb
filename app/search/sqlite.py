"""SQLite FTS5: BM25 ranking."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    Select,
    Table,
    Text,
    bindparam,
    func,
    literal_column,
    select,
)

from app.models import Article, Quote
from app.search.base import SearchBackend
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
quote_fts = Table(
    "quote_fts", _fts, Column("rowid", Integer), Column("text", Text), Column("speakers", Text)
)

# bm25 column weights: a match in the title counts ten times one in the body.
ARTICLE_WEIGHTS = (10.0, 4.0, 1.0)  # title, standfirst, body
QUOTE_WEIGHTS = (2.0, 1.0)  # text, speaker names: as PostgreSQL's A and B weights


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
    def params(self, query: SearchQuery) -> dict[str, Any]:
        return {"match": compile_fts5(query)}

    def match_articles(
        self, query: SearchQuery, *, conditions: Sequence[Any] = (), window: int | None = None
    ) -> Select[Any]:
        stmt = self._match(article_fts, ARTICLE_WEIGHTS, query)
        if conditions:
            stmt = stmt.join(Article, Article.id == article_fts.c.rowid).where(*conditions)
        return self._windowed(stmt, article_fts, window)

    def match_quotes(
        self, query: SearchQuery, *, conditions: Sequence[Any] = (), window: int | None = None
    ) -> Select[Any]:
        stmt = self._match(quote_fts, QUOTE_WEIGHTS, query)
        if conditions:
            stmt = (
                stmt.join(Quote, Quote.id == quote_fts.c.rowid)
                .join(Article, Article.id == Quote.article_id)
                .where(*conditions)
            )
        return self._windowed(stmt, quote_fts, window)

    def _match(self, table: Table, weights: Sequence[float], query: SearchQuery) -> Select[Any]:
        name = literal_column(table.name)
        return select(table.c.rowid.label("id"), (-func.bm25(name, *weights)).label("score")).where(
            name.op("MATCH")(bindparam("match", compile_fts5(query)))
        )

    def _windowed(self, stmt: Select[Any], table: Table, window: int | None) -> Select[Any]:
        # FTS5 walks its matches in rowid order by itself, so this stops after `window` rows
        # and bm25() runs only on those.
        if window is None:
            return stmt
        return stmt.order_by(table.c.rowid.desc()).limit(bindparam("window", window))
