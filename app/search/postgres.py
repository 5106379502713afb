"""PostgreSQL: tsvector documents with GIN indexes, ts_rank_cd ranking, ts_headline snippets."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, bindparam, func, literal_column, select
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlmodel import Session

from app.models import Article, Quote
from app.search.base import MARK_END, MARK_START, SearchBackend, safe_snippet
from app.search.query import SearchQuery, Term

CONFIG = "english"
HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
# Maintained by the migrations (a generated column, a trigger); not part of the models.
article_document = literal_column("article.search_document", TSVECTOR)
quote_document = literal_column("quote.search_document", TSVECTOR)


def compile_tsquery(query: SearchQuery) -> str:
    """Our query tree as `to_tsquery` input. Words are letters and digits only, so nothing a
    user types is read as tsquery syntax; `to_tsquery` stems them and drops stop words."""

    def term(t: Term) -> str:
        if len(t.words) > 1:
            return "(" + " <-> ".join(t.words) + ")"
        return t.words[0] + (":*" if t.prefix else "")

    def any_of(terms: Sequence[Term]) -> str:
        return "(" + " | ".join(map(term, terms)) + ")"

    expression = " & ".join(any_of(group) for group in query.groups)
    if query.excluded:
        expression = f"({expression}) & !{any_of(query.excluded)}"
    return expression


def _tsquery(query: SearchQuery) -> Any:
    return func.to_tsquery(CONFIG, bindparam("tsquery", compile_tsquery(query)))


class PostgresSearch(SearchBackend):
    def match_articles(self, query: SearchQuery) -> Select[Any]:
        tsquery = _tsquery(query)
        return select(
            Article.id.label("id"), func.ts_rank_cd(article_document, tsquery).label("score")
        ).where(article_document.op("@@")(tsquery))

    def match_quotes(self, query: SearchQuery) -> Select[Any]:
        tsquery = _tsquery(query)
        return select(
            Quote.id.label("id"), func.ts_rank_cd(quote_document, tsquery).label("score")
        ).where(quote_document.op("@@")(tsquery))

    def article_snippets(
        self, session: Session, query: SearchQuery, ids: Sequence[int]
    ) -> dict[int, str]:
        # The standfirst, else the body: whichever holds a match reads best.
        text = func.concat_ws(
            "\n", Article.title, Article.standfirst, func.newsdesk_body_text(Article.paragraphs)
        )
        return self._headlines(session, query, Article.id, text, ids)

    def quote_snippets(
        self, session: Session, query: SearchQuery, ids: Sequence[int]
    ) -> dict[int, str]:
        return self._headlines(session, query, Quote.id, Quote.text, ids)

    def _headlines(
        self, session: Session, query: SearchQuery, id_column: Any, text: Any, ids: Sequence[int]
    ) -> dict[int, str]:
        if not ids:
            return {}
        headline = func.ts_headline(CONFIG, text, _tsquery(query), HEADLINE_OPTIONS)
        rows = session.execute(select(id_column, headline).where(id_column.in_(ids)))
        return {row_id: safe_snippet(raw) for row_id, raw in rows}
