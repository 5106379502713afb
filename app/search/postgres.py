"""PostgreSQL: tsvector documents with GIN indexes, ts_rank_cd ranking."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, bindparam, func, literal_column, select
from sqlalchemy.dialects.postgresql import TSVECTOR

from app.models import Article, Quote
from app.search.base import SearchBackend
from app.search.query import SearchQuery, Term

CONFIG = "newsdesk"  # English stemming, no stop words: see migration 0002
# Maintained by the migrations (a generated column, a trigger); not part of the models.
article_document = literal_column("article.search_document", TSVECTOR)
quote_document = literal_column("quote.search_document", TSVECTOR)


def compile_tsquery(query: SearchQuery) -> str:
    """Our query tree as `to_tsquery` input. Words are letters and digits only, so nothing a
    user types is read as tsquery syntax; `to_tsquery` stems them and drops stop words."""

    def term(t: Term) -> str:
        if len(t.words) > 1:
            phrase = "(" + " <-> ".join(t.words) + ")"
            # Letters, digits and dots only: safe inside a quoted lexeme.
            return f"('{t.dotted}' | {phrase})" if t.dotted else phrase
        return t.words[0] + (":*" if t.prefix else "")

    def any_of(terms: Sequence[Term]) -> str:
        return "(" + " | ".join(map(term, terms)) + ")"

    expression = " & ".join(any_of(group) for group in query.groups)
    if query.excluded:
        expression = f"({expression}) & !{any_of(query.excluded)}"
    return expression


def _tsquery(query: SearchQuery) -> Any:
    return func.to_tsquery(CONFIG, bindparam("match", compile_tsquery(query)))


class PostgresSearch(SearchBackend):
    def params(self, query: SearchQuery) -> dict[str, Any]:
        return {"match": compile_tsquery(query)}

    def match_articles(
        self, query: SearchQuery, *, conditions: Sequence[Any] = (), window: int | None = None
    ) -> Select[Any]:
        tsquery = _tsquery(query)
        stmt = select(
            Article.id.label("id"), func.ts_rank_cd(article_document, tsquery).label("score")
        ).where(article_document.op("@@")(tsquery), *conditions)
        if window is None:
            return stmt
        return stmt.order_by(Article.id.desc()).limit(bindparam("window", window))

    def match_quotes(
        self, query: SearchQuery, *, conditions: Sequence[Any] = (), window: int | None = None
    ) -> Select[Any]:
        tsquery = _tsquery(query)
        stmt = select(
            Quote.id.label("id"), func.ts_rank_cd(quote_document, tsquery).label("score")
        ).where(quote_document.op("@@")(tsquery))
        if conditions:
            stmt = stmt.join(Article, Article.id == Quote.article_id).where(*conditions)
        if window is None:
            return stmt
        return stmt.order_by(Quote.id.desc()).limit(bindparam("window", window))
